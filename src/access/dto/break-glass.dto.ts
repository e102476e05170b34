import { ApiProperty } from '@nestjs/swagger';
import { z } from 'zod';
import { MIN_REASON_LENGTH } from '../break-glass.service.js';

/** Why emergency access is needed: audited, and shown to the compliance officer. */
export const breakGlassReason = z.string().min(MIN_REASON_LENGTH).max(1000).meta({
  description: 'why emergency access is needed',
  example: 'Unconscious in the emergency department, no relatives reachable',
});

export const BreakGlassRequestDto = z
  .strictObject({ reason: breakGlassReason })
  .meta({ id: 'BreakGlassRequestDto' });
export type BreakGlassRequestDto = z.infer<typeof BreakGlassRequestDto>;

export class BreakGlassGrantDto {
  @ApiProperty({ format: 'uuid', example: '0b7c3f4e-2d1a-4c55-9a0e-6f1d2c3b4a59' }) grantId!: string;
  @ApiProperty({ format: 'uuid', example: '7d9f3a10-5b2c-4e8f-a1d4-3c6b8e2f9a01' }) patientId!: string;
  @ApiProperty({ example: '2026-03-14T12:00:00.000Z', description: 'access ends at this instant' })
  expiresAt!: Date;
}
