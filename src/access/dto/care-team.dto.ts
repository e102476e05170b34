import { ApiProperty } from '@nestjs/swagger';
import { z } from 'zod';

export const AddCareTeamMemberDto = z
  .strictObject({
    userId: z.uuid().meta({ example: '3f2b8c1d-9e07-4c1e-9a7d-5f0c6b9e3a52' }),
    endsAt: z.iso
      .datetime({ offset: true })
      .optional()
      .meta({ description: 'membership ends at this instant (ISO 8601)', example: '2026-12-31T23:59:59Z' }),
  })
  .meta({ id: 'AddCareTeamMemberDto' });
export type AddCareTeamMemberDto = z.infer<typeof AddCareTeamMemberDto>;

export class CareTeamMemberDto {
  @ApiProperty({ format: 'uuid', example: '3f2b8c1d-9e07-4c1e-9a7d-5f0c6b9e3a52' }) userId!: string;
  @ApiProperty({ example: 'dr.house@hospital.example' }) email!: string;
  @ApiProperty({ example: 'clinician' }) role!: string;
  @ApiProperty({ example: '2026-01-05T08:00:00.000Z' }) startsAt!: Date;
  @ApiProperty({ nullable: true, type: Date, example: null }) endsAt!: Date | null;
}
