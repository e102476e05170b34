import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useFormat } from '../i18n/use-format';
import { useActiveGrants } from './break-glass-store';

/** Shown on every page while an emergency grant is active: the user must not forget it is on. */
export function BreakGlassBanner() {
  const { t } = useTranslation();
  const format = useFormat();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 15_000);
    return () => window.clearInterval(timer);
  }, []);
  const grants = useActiveGrants(now);
  if (grants.length === 0) return null;
  return (
    <div className="banner-emergency" role="status">
      <strong>{t('breakGlass.bannerActive')}</strong>
      {grants.map((grant) => (
        <span key={grant.patientId}>
          {' '}
          — <Link href={`/patients/${grant.patientId}`}>{grant.label ?? t('breakGlass.patient')}</Link>{' '}
          {t('breakGlass.bannerUntil', { time: format.time(grant.expiresAt, true) })}
        </span>
      ))}
      {t('breakGlass.bannerReviewed')}
    </div>
  );
}
