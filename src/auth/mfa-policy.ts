import type { Role } from '../generated/prisma/enums.js';

/** Roles that must sign in with a second factor; others may enrol by choice. */
export const MFA_REQUIRED_ROLES: readonly Role[] = ['admin', 'compliance'];

export const mfaRequiredFor = (role: Role) => MFA_REQUIRED_ROLES.includes(role);
