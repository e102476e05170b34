/**
 * Opens the reasons of break-the-glass grants for the compliance review. Access (a higher layer) seals
 * each reason under its patient's key; the application hands its implementation to
 * `AuditModule.forRoot`, so audit imports neither access nor crypto. A grant whose patient was erased
 * (key destroyed) or that predates sealing has no reason in the map.
 */
export abstract class BreakGlassReasons {
  abstract open(grantIds: string[]): Promise<Map<string, string>>;
}
