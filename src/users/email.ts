/** Moved to the ground floor (src/common/email.ts); kept so older imports compile. */
export { normaliseEmail } from '../common/email.js';
