import { Injectable } from '@nestjs/common';
import { BlindIndexService, normaliseMrn, normaliseNameBirthDate } from '../crypto/blind-index.service.js';
import type { Demographics } from './demographics.js';

/** The blind-index tokens of a patient: exact-match lookups without storing the values. */
@Injectable()
export class PatientIdentity {
  constructor(private readonly blindIndex: BlindIndexService) {}

  mrnIndex(mrn: string): Promise<Buffer<ArrayBuffer>> {
    return this.blindIndex.compute('mrn', normaliseMrn(mrn));
  }

  nameBirthDateIndex(demographics: Pick<Demographics, 'name' | 'birthDate'>): Promise<Buffer<ArrayBuffer>> {
    return this.blindIndex.compute(
      'name-birthdate',
      normaliseNameBirthDate(demographics.name.family, demographics.name.given[0], demographics.birthDate),
    );
  }
}
