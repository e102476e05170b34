/** Moved to the ground floor (src/common/caller.ts); kept so older imports compile. */
export { auditOf, CurrentCaller, type Caller } from '../common/caller.js';
