import { z } from 'zod';

/** Everything that identifies a patient; stored only as one encrypted JSON value (`patients.demographics`). */
export const demographicsSchema = z.strictObject({
  mrn: z.string().trim().min(1).max(64),
  name: z.strictObject({
    family: z.string().trim().min(1).max(200),
    given: z.array(z.string().trim().min(1).max(200)).max(5).default([]),
  }),
  birthDate: z.iso.date(),
  sex: z.enum(['female', 'male', 'other', 'unknown']),
  address: z
    .strictObject({
      line: z.array(z.string().max(200)).max(4).optional(),
      city: z.string().max(100).optional(),
      state: z.string().max(100).optional(),
      postalCode: z.string().max(20).optional(),
      country: z.string().max(100).optional(),
    })
    .optional(),
  phone: z.string().max(40).optional(),
});

export type Demographics = z.infer<typeof demographicsSchema>;

export const PATIENT_DEMOGRAPHICS = (patientId: string) => ({
  table: 'patients',
  rowId: patientId,
  field: 'demographics',
});
