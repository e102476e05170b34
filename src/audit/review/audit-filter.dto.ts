import { z } from 'zod';
import { filterInstant } from '../../common/http/input-schemas.js';

export const EVENT_FLAGS = [
  'break-glass',
  'denied',
  'after-hours',
  'outside-care-team',
  'own-user-care-team',
] as const;
export type EventFlag = (typeof EVENT_FLAGS)[number];

const userId = z.uuid().meta({ example: '3f2b8c1d-9e07-4c1e-9a7d-5f0c6b9e3a52' });
const patientId = z.string().max(128).meta({ example: '7d9f3a10-5b2c-4e8f-a1d4-3c6b8e2f9a01' });
const yesNo = z.enum(['true', 'false']);

const auditFilter = {
  actorUserId: userId.optional(),
  patientId: patientId.optional(),
  actor: userId.optional().meta({ description: 'alias of actorUserId, kept for existing clients' }),
  patient: patientId.optional().meta({ description: 'alias of patientId, kept for existing clients' }),
  action: z
    .enum(['C', 'R', 'U', 'D', 'E'])
    .optional()
    .meta({ description: 'create, read, update, delete, execute', example: 'R' }),
  outcome: z.enum(['success', 'failure', 'denied']).optional().meta({ example: 'denied' }),
  type: z
    .string()
    .regex(/^[a-z][a-z0-9_.-]{0,99}$/)
    .optional()
    .meta({ description: 'event type code, or a prefix ending in "." (e.g. "auth.")', example: 'auth.' }),
  from: filterInstant().optional().meta({ description: 'inclusive', example: '2026-03-01T00:00:00Z' }),
  to: filterInstant().optional().meta({ description: 'exclusive', example: '2026-04-01T00:00:00Z' }),
  breakGlass: yesNo.optional().meta({ description: 'only break-the-glass events', example: 'true' }),
  denied: yesNo.optional().meta({ description: 'only denied events', example: 'true' }),
  flag: z
    .enum(EVENT_FLAGS)
    .optional()
    .meta({ description: 'only events carrying this anomaly flag', example: 'after-hours' }),
};
/** Filters shared by the events list and the exports. Every value reaches SQL as a parameter. */
const AuditFilterDto = z.strictObject(auditFilter);
export type AuditFilterDto = z.infer<typeof AuditFilterDto>;

export const AuditEventsQueryDto = AuditFilterDto.extend({
  cursor: z
    .string()
    .regex(/^\d{1,19}$/)
    .optional()
    .meta({ description: 'nextCursor of the previous page', example: '1042' }),
  limit: z
    .string()
    .regex(/^\d{1,3}$/)
    .optional()
    .meta({ description: 'page size, 1–500 (default 100)', example: '100' }),
});
export type AuditEventsQueryDto = z.infer<typeof AuditEventsQueryDto>;

export const AuditExportQueryDto = AuditFilterDto.extend({
  format: z.enum(['csv', 'fhir']).optional().meta({ description: 'default csv', example: 'fhir' }),
});
export type AuditExportQueryDto = z.infer<typeof AuditExportQueryDto>;

export const AuditAnomaliesQueryDto = z.strictObject({
  from: filterInstant()
    .optional()
    .meta({ description: 'inclusive; default 7 days ago', example: '2026-03-07T00:00:00Z' }),
  to: filterInstant()
    .optional()
    .meta({ description: 'exclusive; default now', example: '2026-03-14T00:00:00Z' }),
});
export type AuditAnomaliesQueryDto = z.infer<typeof AuditAnomaliesQueryDto>;

export const AuditVerifyQueryDto = z.strictObject({
  mode: z.enum(['full', 'incremental']).optional().meta({
    description:
      'full (default), or incremental: trust the latest signed checkpoint (checked) and walk only the events after it',
    example: 'incremental',
  }),
});
export type AuditVerifyQueryDto = z.infer<typeof AuditVerifyQueryDto>;
