import { ApiProperty } from '@nestjs/swagger';
import { z } from 'zod';

export const ReportListQueryDto = z.strictObject({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .default(50)
    .meta({ description: 'newest reports first', example: 50 }),
  cursor: z
    .string()
    .max(200)
    .optional()
    .meta({ description: "the previous page's nextCursor", example: 'MjAyNi0wMy0xNFQwOTo0NTowMFo' }),
  status: z.enum(['draft', 'signed']).optional().meta({ example: 'signed' }),
  author: z
    .uuid()
    .optional()
    .meta({ description: 'only reports this user drafted', example: '3f2b8c1d-9e07-4c1e-9a7d-5f0c6b9e3a52' }),
});
export type ReportListQueryDto = z.infer<typeof ReportListQueryDto>;

export class ReportSummaryDto {
  @ApiProperty({ format: 'uuid', example: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f' }) id!: string;
  @ApiProperty({ example: 'why is the creatinine rising?' }) question!: string;
  @ApiProperty({ enum: ['draft', 'signed'], example: 'draft' }) status!: string;
  @ApiProperty({ enum: ['extractive', 'llm'], example: 'extractive' }) generator!: string;
  @ApiProperty({ description: 'sentences the verifier could not support', example: 0 })
  unsupportedCount!: number;
  @ApiProperty({ description: '1 for the first draft; each edit adds one', example: 2 }) revision!: number;
  @ApiProperty({
    format: 'uuid',
    description: 'the author (user id)',
    example: '3f2b8c1d-9e07-4c1e-9a7d-5f0c6b9e3a52',
  })
  createdById!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "the author's display name (email)",
    example: 'dr.house@hospital.example',
  })
  createdByName!: string | null;
  @ApiProperty({ example: '2026-03-14T09:45:00.000Z' }) createdAt!: Date;
  @ApiProperty({ example: '2026-03-14T10:02:00.000Z' }) updatedAt!: Date;
  @ApiProperty({ type: String, nullable: true, example: null }) signedById!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "the signer's display name (email)",
    example: null,
  })
  signedByName!: string | null;
  @ApiProperty({ type: Date, nullable: true, example: null }) signedAt!: Date | null;
}

export class ReportListDto {
  @ApiProperty({ type: ReportSummaryDto, isArray: true }) items!: ReportSummaryDto[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'the next page; null on the last',
    example: null,
  })
  nextCursor!: string | null;
}
