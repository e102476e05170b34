import { z } from 'zod';
import { demographicsSchema } from '../demographics.js';

/** The registration body: the demographics schema's own rules (one place), with examples. */
const field = demographicsSchema.shape;
const name = field.name.shape;
const address = field.address.unwrap().shape;

export const assigningAuthority = z
  .string()
  .min(1)
  .max(64)
  .meta({ description: 'the organisation that issued the MRN', example: 'GENERAL-HOSPITAL' });

export const CreatePatientDto = z
  .strictObject({
    mrn: field.mrn.meta({ description: 'medical record number', example: 'MRN-004211' }),
    assigningAuthority: assigningAuthority.optional(),
    name: z.strictObject({
      family: name.family.meta({ example: 'Lovelace' }),
      given: name.given.meta({ description: 'given names, first first', example: ['Ada', 'Augusta'] }),
    }),
    birthDate: field.birthDate.meta({ description: 'a calendar date (YYYY-MM-DD)', example: '1951-03-14' }),
    sex: field.sex.meta({ example: 'female' }),
    address: z
      .strictObject({
        line: address.line.meta({ example: ['12 St Thomas Street'] }),
        city: address.city.meta({ example: 'London' }),
        state: address.state.meta({ example: 'Greater London' }),
        postalCode: address.postalCode.meta({ example: 'SE1 9RT' }),
        country: address.country.meta({ example: 'GB' }),
      })
      .optional(),
    phone: field.phone.meta({ example: '+44 20 7946 0000' }),
  })
  .meta({ id: 'CreatePatientDto' });
export type CreatePatientDto = z.infer<typeof CreatePatientDto>;
