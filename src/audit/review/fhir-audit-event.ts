import type { ChainRow } from '../audit-rows.js';

const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
const AUDIT_EVENT_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-event-type';
const SECURITY_ROLE = 'http://terminology.hl7.org/CodeSystem/extra-security-role-type';
const ACT_REASON = 'http://terminology.hl7.org/CodeSystem/v3-ActReason';
const ENTITY_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-entity-type';
const OBJECT_ROLE = 'http://terminology.hl7.org/CodeSystem/object-role';
const SOURCE_TYPE = 'http://terminology.hl7.org/CodeSystem/security-source-type';
const LOCAL = 'urn:anamnesis';

/** FHIR AuditEvent.outcome: 0 success, 4 minor failure (denied), 8 serious failure. */
const OUTCOME: Record<string, string> = { success: '0', denied: '4', failure: '8' };
const PURPOSE: Record<string, { code: string; display: string }> = {
  treatment: { code: 'TREAT', display: 'treatment' },
  emergency: { code: 'ETREAT', display: 'Emergency Treatment' },
  operations: { code: 'HOPERAT', display: 'healthcare operations' },
};

function eventType(type: string) {
  if (type.startsWith('auth.')) return { system: DCM, code: '110114', display: 'User Authentication' };
  if (type.startsWith('export.') || type === 'audit.export')
    return { system: DCM, code: '110106', display: 'Export' };
  return { system: AUDIT_EVENT_TYPE, code: 'rest', display: 'RESTful Operation' };
}

/**
 * One stored event as a FHIR R4 AuditEvent (ids and codes only). Required elements: type, recorded,
 * agent[1..*] with requestor, source.observer; entity.what for the patient and each entity id.
 */
export function toFhirAuditEvent(row: ChainRow): Record<string, unknown> {
  const purpose = row.purposeOfUse ? PURPOSE[row.purposeOfUse] : undefined;
  const entities: Record<string, unknown>[] = [];
  if (row.patientId) {
    entities.push({
      what: { reference: `Patient/${row.patientId}` },
      type: { system: ENTITY_TYPE, code: '1', display: 'Person' },
      role: { system: OBJECT_ROLE, code: '1', display: 'Patient' },
    });
  }
  for (const id of row.entityIds) {
    entities.push({
      what: { identifier: { system: `${LOCAL}:${row.entityType ?? 'entity'}`, value: id } },
      type: { system: ENTITY_TYPE, code: '2', display: 'System Object' },
    });
  }
  return {
    resourceType: 'AuditEvent',
    id: row.id,
    meta: { tag: [{ system: `${LOCAL}:audit-seq`, code: row.seq.toString() }] },
    type: eventType(row.type),
    subtype: [{ system: `${LOCAL}:audit-event-type`, code: row.type }],
    action: row.action,
    recorded: row.recordedAt.toISOString(),
    outcome: OUTCOME[row.outcome],
    ...(row.outcome === 'denied' ? { outcomeDesc: 'access denied' } : {}),
    ...(purpose ? { purposeOfEvent: [{ coding: [{ system: ACT_REASON, ...purpose }] }] } : {}),
    agent: [
      {
        type: {
          coding: [
            row.actorUserId || row.actorAddress
              ? { system: SECURITY_ROLE, code: 'humanuser', display: 'human user' }
              : { system: DCM, code: '110150', display: 'Application' },
          ],
        },
        who: row.actorUserId
          ? { identifier: { system: `${LOCAL}:user`, value: row.actorUserId } }
          : { display: row.actorAddress ? 'unauthenticated' : 'system' },
        ...(row.actorRole ? { role: [{ coding: [{ system: `${LOCAL}:role`, code: row.actorRole }] }] } : {}),
        requestor: true,
        ...(row.actorAddress ? { network: { address: row.actorAddress, type: '2' } } : {}),
        ...(purpose ? { purposeOfUse: [{ coding: [{ system: ACT_REASON, ...purpose }] }] } : {}),
      },
    ],
    source: {
      site: 'Anamnesis',
      observer: { display: 'Anamnesis' },
      type: [{ system: SOURCE_TYPE, code: '4', display: 'Application Server' }],
    },
    ...(entities.length ? { entity: entities } : {}),
  };
}
