import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import { formatTime } from '../ui/dates';
import { useActiveGrants } from './break-glass-store';

/** Shown on every page while an emergency grant is active: the user must not forget it is on. */
export function BreakGlassBanner() {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 15_000);
    return () => window.clearInterval(timer);
  }, []);
  const grants = useActiveGrants(now);
  if (grants.length === 0) return null;
  return (
    <div className="banner-emergency" role="status">
      <strong>Emergency access active</strong>
      {grants.map((grant) => (
        <span key={grant.patientId}>
          {' '}
          — <Link href={`/patients/${grant.patientId}`}>{grant.label ?? 'patient'}</Link> until{' '}
          {formatTime(grant.expiresAt, undefined, { named: true })}
        </span>
      ))}
      . Every view is recorded and reviewed.
    </div>
  );
}
