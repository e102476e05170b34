import { randomBytes } from 'node:crypto';
import type { Caller } from '../../src/access/caller.js';
import { AuditSequencer } from '../../src/audit/audit-sequencer.js';
import type { Role } from '../../src/generated/prisma/enums.js';
import { PatientsService, type NewPatient } from '../../src/patients/patients.service.js';
import { authHeader, bearerFor } from '../support/auth.js';
import { factories } from '../support/factories.js';
import type { TestApp } from '../support/test-app.js';

/** A distinctive synthetic patient (values easy to search for in raw tables). */
export const newPatient = (overrides: Partial<NewPatient> = {}): NewPatient => ({
  mrn: `MRN-${randomBytes(4).toString('hex').toUpperCase()}`,
  name: { family: `Zyxwarth${randomBytes(3).toString('hex')}`, given: ['Quentessa'] },
  birthDate: '1961-07-14',
  sex: 'female',
  phone: '+1-555-0142',
  ...overrides,
});

/** A user with a role and a ready bearer header. */
export async function actor(t: TestApp, role: Role) {
  const user = await factories(t.prisma).user({ role });
  const token = await bearerFor(t, user);
  const caller: Caller = {
    principal: { userId: user.id, role },
    actor: { userId: user.id, role },
    correlationId: 'test',
  };
  return { user, headers: authHeader(token), caller };
}

/** A registered patient whose care team holds `clinician`. */
export async function patientOf(
  t: TestApp,
  clinician: { caller: Caller },
  overrides: Partial<NewPatient> = {},
) {
  return t.app.get(PatientsService).register(newPatient(overrides), clinician.caller);
}

/** The patient's chained audit events, oldest first (staged reads chained first, as every log reader does). */
export const auditTypes = async (t: TestApp, patientId?: string) =>
  (
    await t.app
      .get(AuditSequencer)
      .drain()
      .then(() =>
        t.prisma.auditEvent.findMany({
          where: patientId ? { patientId } : {},
          orderBy: { seq: 'asc' },
        }),
      )
  ).map((e) => ({
    type: e.type,
    outcome: e.outcome,
    purposeOfUse: e.purposeOfUse,
    actorUserId: e.actorUserId,
    entityIds: e.entityIds,
  }));
