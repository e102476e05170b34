/** Moved to the ground floor (src/common/caller.ts); kept so older imports compile. */
export { CurrentCaller, type Caller } from '../common/caller.js';
