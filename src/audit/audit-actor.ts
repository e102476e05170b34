/** Moved to the ground floor (src/common/caller.ts); kept so older imports compile. */
export { auditActor, auditContext } from '../common/caller.js';
