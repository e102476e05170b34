import type { PurposeOfUse } from '../../audit/audit.service.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { z } from 'zod';
import { assigningAuthority } from './create-patient.dto.js';

export class HumanNameDto {
  @ApiProperty({ example: 'Lovelace' }) family!: string;
  @ApiProperty({ type: [String], example: ['Ada', 'Augusta'] }) given!: string[];
}

export class AddressDto {
  @ApiPropertyOptional({ type: [String], example: ['12 St Thomas Street'] }) line?: string[];
  @ApiPropertyOptional({ example: 'London' }) city?: string;
  @ApiPropertyOptional({ example: 'Greater London' }) state?: string;
  @ApiPropertyOptional({ example: 'SE1 9RT' }) postalCode?: string;
  @ApiPropertyOptional({ example: 'GB' }) country?: string;
}

export class PatientDto {
  @ApiProperty({ format: 'uuid', example: '7d9f3a10-5b2c-4e8f-a1d4-3c6b8e2f9a01' }) id!: string;
  @ApiProperty({ example: 'MRN-004211' }) mrn!: string;
  @ApiProperty({ description: "empty when the MRN's issuer is not named", example: 'GENERAL-HOSPITAL' })
  assigningAuthority!: string;
  @ApiProperty({ type: HumanNameDto }) name!: HumanNameDto;
  @ApiProperty({ description: 'a calendar date (YYYY-MM-DD)', example: '1951-03-14' }) birthDate!: string;
  @ApiProperty({ enum: ['female', 'male', 'other', 'unknown'], example: 'female' }) sex!: string;
  @ApiPropertyOptional({ type: AddressDto }) address?: AddressDto;
  @ApiPropertyOptional({ example: '+44 20 7946 0000' }) phone?: string;
  @ApiProperty({ example: '2026-01-05T08:00:00.000Z' }) createdAt!: Date;
  @ApiProperty({ example: '2026-01-05T08:00:00.000Z' }) updatedAt!: Date;
  @ApiPropertyOptional({
    enum: ['treatment', 'emergency'],
    description: 'how the caller reaches this record: care team, or an active break-the-glass grant',
    example: 'treatment',
  })
  access?: PurposeOfUse;
}

export const PatientSearchQueryDto = z.strictObject({
  mrn: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .meta({ description: 'exact MRN (blind index)', example: 'MRN-004211' }),
  assigningAuthority: assigningAuthority
    .optional()
    .meta({ description: 'with mrn: the assigning authority (default: none)' }),
  q: z.string().min(1).max(200).optional().meta({
    description: 'name words, matched within the patients you may see; with neither mrn nor q: your patients',
    example: 'lovelace ada',
  }),
});
export type PatientSearchQueryDto = z.infer<typeof PatientSearchQueryDto>;
