import { useEffect, useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Dialog } from '../ui/Dialog';
import { useSession } from './session';

/** Shared workstations: sign out after IDLE_MS without input, warning WARN_MS before. */
export const IDLE_MS = 15 * 60_000;
export const WARN_MS = 2 * 60_000;
const ACTIVITY = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

export function IdleLogoff() {
  const { logout } = useSession();
  const { t } = useTranslation();
  const lastActivity = useRef(Date.now());
  const [remaining, setRemaining] = useState<number | null>(null);

  useEffect(() => {
    const touch = () => {
      lastActivity.current = Date.now();
    };
    ACTIVITY.forEach((name) => window.addEventListener(name, touch, { passive: true }));
    const timer = window.setInterval(() => {
      const left = IDLE_MS - (Date.now() - lastActivity.current);
      if (left <= 0) void logout('idle');
      else setRemaining(left <= WARN_MS ? left : null);
    }, 1000);
    return () => {
      ACTIVITY.forEach((name) => window.removeEventListener(name, touch));
      window.clearInterval(timer);
    };
  }, [logout]);

  const seconds = remaining === null ? 0 : Math.ceil(remaining / 1000);
  return (
    <Dialog
      open={remaining !== null}
      title={t('idle.title')}
      role="alertdialog"
      onClose={() => {
        lastActivity.current = Date.now();
        setRemaining(null);
      }}
    >
      <p>
        <Trans
          i18nKey="idle.warning"
          values={{ time: `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}` }}
          components={{ time: <strong /> }}
        />
      </p>
      <div className="actions">
        <button
          type="button"
          className="primary"
          autoFocus
          onClick={() => {
            lastActivity.current = Date.now();
            setRemaining(null);
          }}
        >
          {t('idle.stay')}
        </button>
        <button type="button" onClick={() => void logout('logout')}>
          {t('idle.signOutNow')}
        </button>
      </div>
    </Dialog>
  );
}
