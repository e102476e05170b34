/** Everything a route can require. Adding a route means choosing one of these, never none. */
export const PERMISSIONS = [
  'patient:read',
  'patient:write',
  'entry:read',
  'entry:write',
  'report:write',
  'report:sign',
  'break-glass:request',
  'audit:read',
  'audit:export',
  'ingest:submit',
  'ingest:manage',
  'user:manage',
  'careteam:manage',
  'keys:manage',
  'patient:erase',
  'account:self',
] as const;

export type Permission = (typeof PERMISSIONS)[number];
