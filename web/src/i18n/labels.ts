import type { TFunction } from 'i18next';
import type { Role } from '../api/types';

const ROLES: readonly Role[] = ['admin', 'clinician', 'nurse', 'compliance', 'integration'];

/** A role's name in the reader's language; a role this client does not know, as the server sent it. */
export const roleLabel = (role: string | null | undefined, t: TFunction): string =>
  role && (ROLES as readonly string[]).includes(role) ? t(`roles.${role as Role}`) : (role ?? '');
