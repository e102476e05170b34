/** Moved to the ground floor (src/common/route-decorators.ts); kept so older imports compile. */
export { Public, PUBLIC_ROUTE, RequirePermission, ROUTE_PERMISSION } from '../common/route-decorators.js';
