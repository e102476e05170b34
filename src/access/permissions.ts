import type { Permission } from '../common/permissions.js';
import type { Role } from '../generated/prisma/enums.js';

export { PERMISSIONS, type Permission } from '../common/permissions.js';

/** The one table of roles → permissions. `integration` may submit messages and read nothing. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  clinician: [
    'patient:read',
    'patient:write',
    'entry:read',
    'entry:write',
    'report:write',
    'report:sign',
    'break-glass:request',
    'account:self',
  ],
  nurse: ['patient:read', 'entry:read', 'entry:write', 'break-glass:request', 'account:self'],
  compliance: ['audit:read', 'audit:export', 'account:self'],
  admin: [
    'audit:read',
    'audit:export',
    'ingest:submit',
    'ingest:manage',
    'user:manage',
    'careteam:manage',
    'keys:manage',
    'patient:erase',
    'account:self',
  ],
  integration: ['ingest:submit', 'account:self'],
};

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
