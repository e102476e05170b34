import { useEffect, useRef, type ReactNode } from 'react';
import { Link, useLocation, useRoute } from 'wouter';
import type { Role } from '../api/types';
import { useMe, useSession } from '../auth/session';
import { BreakGlassBanner } from '../patients/BreakGlassBanner';

const NAV: Record<Role, { href: string; label: string }[]> = {
  clinician: [{ href: '/patients', label: 'My patients' }],
  nurse: [{ href: '/patients', label: 'My patients' }],
  compliance: [
    { href: '/audit', label: 'Audit trail' },
    { href: '/audit/anomalies', label: 'Anomalies' },
    { href: '/audit/chain', label: 'Chain integrity' },
    { href: '/audit/exports', label: 'Exports' },
  ],
  admin: [
    { href: '/admin/users', label: 'Users' },
    { href: '/admin/care-teams', label: 'Care teams' },
    { href: '/admin/imports', label: 'Imports' },
    { href: '/admin/quarantine', label: 'Quarantine' },
    { href: '/audit', label: 'Audit trail' },
  ],
  integration: [],
};

function NavLink({ href, label }: { href: string; label: string }) {
  const [active] = useRoute(href === '/audit' ? '/audit' : `${href}/*?`);
  return (
    <Link href={href} className="nav-link" aria-current={active ? 'page' : undefined}>
      {label}
    </Link>
  );
}

export function Shell({ children }: { children: ReactNode }) {
  const me = useMe();
  const { logout } = useSession();
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
        Skip to content
      </a>
      <header className="topbar">
        <Link href="/" className="brand">
          Anamnesis
        </Link>
        <nav aria-label="Main">
          {NAV[me.role].map((item) => (
            <NavLink key={item.href} {...item} />
          ))}
        </nav>
        <div className="whoami">
          <span>
            {me.email} <span className="role">{me.role}</span>
          </span>
          <button type="button" className="quiet" onClick={() => void logout()}>
            Sign out
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
