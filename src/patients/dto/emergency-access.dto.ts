import { z } from 'zod';
import { breakGlassReason } from '../../access/dto/break-glass.dto.js';
import { assigningAuthority } from './create-patient.dto.js';

export const EmergencyAccessRequestDto = z
  .strictObject({
    reason: breakGlassReason,
    mrn: z
      .string()
      .min(1)
      .max(64)
      .meta({ description: 'the exact medical record number', example: 'MRN-004211' }),
    assigningAuthority: assigningAuthority
      .optional()
      .meta({ description: 'the assigning authority, when the MRN alone is ambiguous' }),
  })
  .meta({ id: 'EmergencyAccessRequestDto' });
export type EmergencyAccessRequestDto = z.infer<typeof EmergencyAccessRequestDto>;
