import type { Caller } from '../common/caller.js';
import { AuditEntityTypeMissingError, auditEvent } from './audit-event.js';
import { AUDIT_ENTITY_TYPES, AUDIT_EVENT_TYPES, type AuditEventType } from './audit.types.js';
import { toStoredEvent } from './canonical.js';

const caller: Caller = {
  principal: { userId: '7d1f4c9e-0c2a-4a7e-9a55-2f1f4f0f8a10', role: 'clinician' },
  actor: { userId: '7d1f4c9e-0c2a-4a7e-9a55-2f1f4f0f8a10', role: 'clinician', address: '10.0.0.1' },
  correlationId: 'req-1',
};

describe('auditEvent', () => {
  it('takes action and entity type from the event type, the actor from the caller', () => {
    expect(
      auditEvent('entry.list', { ids: ['e1'], patientId: 'p1', purposeOfUse: 'treatment', caller }),
    ).toEqual({
      type: 'entry.list',
      action: 'R',
      outcome: 'success',
      actor: caller.actor,
      patientId: 'p1',
      entity: { type: 'Entry', ids: ['e1'] },
      purposeOfUse: 'treatment',
      correlationId: 'req-1',
    });
  });

  it('leaves out what is not given (a system event has no actor)', () => {
    expect(auditEvent('patient.access', { outcome: 'denied' })).toEqual({
      type: 'patient.access',
      action: 'R',
      outcome: 'denied',
    });
  });

  it('lets an open entity type be chosen, and refuses ids without one', () => {
    expect(auditEvent('audit.read', { ids: [], entityType: 'AuditAnomaly' }).entity).toEqual({
      type: 'AuditAnomaly',
      ids: [],
    });
    expect(() => auditEvent('auth.refresh', { ids: ['s1'] })).toThrow(AuditEntityTypeMissingError);
  });

  it('every event type is a valid stored code with a known entity type', () => {
    for (const [type, [, entity]] of Object.entries(AUDIT_EVENT_TYPES)) {
      expect(() => toStoredEvent(auditEvent(type as AuditEventType))).not.toThrow();
      if (entity) expect(AUDIT_ENTITY_TYPES).toContain(entity);
    }
  });
});
