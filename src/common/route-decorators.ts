import { SetMetadata } from '@nestjs/common';
import type { Permission } from './permissions.js';

export const PUBLIC_ROUTE = 'anamnesis:public';
export const ROUTE_PERMISSION = 'anamnesis:permission';

/** Reachable without a token. Rare and reviewed: health, login, refresh, docs. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** The permission a route needs; the caller's role must grant it (AccessGuard, src/access/). */
export const RequirePermission = (permission: Permission) => SetMetadata(ROUTE_PERMISSION, permission);
