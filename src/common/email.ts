/** Emails are unique case-insensitively: stored and looked up trimmed and lower-cased. */
export const normaliseEmail = (email: string) => email.trim().toLowerCase();
