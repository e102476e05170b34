/** Moved to the ground floor (src/common/principal.ts); kept so older imports compile. */
export type { Principal } from '../common/principal.js';
