import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useRoute } from 'wouter';
import type { Role } from '../api/types';
import { useMe, useSession } from '../auth/session';
import { LanguagePicker } from '../i18n/LanguagePicker';
import { BreakGlassBanner } from '../patients/BreakGlassBanner';

type NavKey =
  | 'myPatients'
  | 'auditTrail'
  | 'anomalies'
  | 'chain'
  | 'exports'
  | 'users'
  | 'careTeams'
  | 'imports'
  | 'quarantine';

const NAV: Record<Role, { href: string; label: NavKey }[]> = {
  clinician: [{ href: '/patients', label: 'myPatients' }],
  nurse: [{ href: '/patients', label: 'myPatients' }],
  compliance: [
    { href: '/audit', label: 'auditTrail' },
    { href: '/audit/anomalies', label: 'anomalies' },
    { href: '/audit/chain', label: 'chain' },
    { href: '/audit/exports', label: 'exports' },
  ],
  admin: [
    { href: '/admin/users', label: 'users' },
    { href: '/admin/care-teams', label: 'careTeams' },
    { href: '/admin/imports', label: 'imports' },
    { href: '/admin/quarantine', label: 'quarantine' },
    { href: '/audit', label: 'auditTrail' },
  ],
  integration: [],
};

function NavLink({ href, label }: { href: string; label: NavKey }) {
  const { t } = useTranslation();
  const [active] = useRoute(href === '/audit' ? '/audit' : `${href}/*?`);
  return (
    <Link href={href} className="nav-link" aria-current={active ? 'page' : undefined}>
      {t(`nav.${label}`)}
    </Link>
  );
}

export function Shell({ children }: { children: ReactNode }) {
  const me = useMe();
  const { logout } = useSession();
  const { t } = useTranslation();
  const [location] = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  // After a client-side navigation, move focus to the new page so screen readers announce it.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus({ preventScroll: false });
  }, [location]);
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="topbar">
        <Link href="/" className="brand">
          {t('app.name')}
        </Link>
        <nav aria-label={t('app.mainNav')}>
          {NAV[me.role].map((item) => (
            <NavLink key={item.href} {...item} />
          ))}
        </nav>
        <div className="whoami">
          <span>
            {me.email} <span className="role">{t(`roles.${me.role}`)}</span>
          </span>
          <LanguagePicker />
          <button type="button" className="quiet" onClick={() => void logout()}>
            {t('app.signOut')}
          </button>
        </div>
      </header>
      <BreakGlassBanner />
      <main id="main" tabIndex={-1} ref={main}>
        {children}
      </main>
    </>
  );
}
