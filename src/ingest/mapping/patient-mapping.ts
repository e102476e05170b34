import type { NewPatient } from '../../patients/patients.service.js';
import type { Hl7Message, Hl7Segment } from '../hl7/hl7-message.js';
import { hl7Date, MappingError, value } from './hl7-values.js';

const SEX: Record<string, NewPatient['sex']> = {
  F: 'female',
  M: 'male',
  O: 'other',
  A: 'other',
  N: 'other',
  U: 'unknown',
};

/**
 * PID → the registry's patient: MRN from PID-3 (the MR-typed identifier if any, else the first),
 * with its assigning authority (CX.4); name PID-5; birth date PID-7; sex PID-8; address PID-11;
 * phone PID-13. Reasons name fields, never values.
 */
export function patientFromPid(message: Hl7Message): NewPatient {
  const pid = message.segment('PID');
  if (!pid) throw new MappingError('PID segment is missing');
  return patientFromPidSegment(pid);
}

/** One PID segment → patient (A24/A37 carry two). */
export function patientFromPidSegment(pid: Hl7Segment): NewPatient {
  const identifiers = pid
    .field(3)
    .all()
    .filter((id) => value(id) !== '');
  const identifier = identifiers.find((id) => id.component(5).toUpperCase() === 'MR') ?? identifiers[0];
  if (!identifier) throw new MappingError('PID-3 patient identifier is missing');
  const name = pid.field(5);
  const family = value(name, 1);
  if (!family) throw new MappingError('PID-5 family name is missing');
  const birthDate = hl7Date(value(pid.field(7)));
  if (!birthDate) throw new MappingError('PID-7 birth date is missing or invalid');
  const address = pid.field(11);
  const line = [value(address, 1), value(address, 2)].filter(Boolean);
  const phone = value(pid.field(13)) || value(pid.field(13), 12);
  return {
    mrn: value(identifier),
    assigningAuthority: identifier.component(4, 1).trim() || undefined,
    name: { family, given: [value(name, 2), value(name, 3)].filter(Boolean) },
    birthDate,
    sex: SEX[value(pid.field(8)).toUpperCase()] ?? 'unknown',
    ...(line.length || value(address, 3)
      ? {
          address: {
            ...(line.length ? { line } : {}),
            ...(value(address, 3) ? { city: value(address, 3) } : {}),
            ...(value(address, 4) ? { state: value(address, 4) } : {}),
            ...(value(address, 5) ? { postalCode: value(address, 5) } : {}),
            ...(value(address, 6) ? { country: value(address, 6) } : {}),
          },
        }
      : {}),
    ...(phone ? { phone: phone.slice(0, 40) } : {}),
  };
}
