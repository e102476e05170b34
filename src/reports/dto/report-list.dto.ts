import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class ReportListQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50, description: 'newest reports first' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit: number = 50;
}

export class ReportSummaryDto {
  @ApiProperty() id!: string;
  @ApiProperty() question!: string;
  @ApiProperty({ enum: ['draft', 'signed'] }) status!: string;
  @ApiProperty({ enum: ['extractive', 'llm'] }) generator!: string;
  @ApiProperty() unsupportedCount!: number;
  @ApiProperty() revision!: number;
  @ApiProperty({ description: 'the author (user id)' }) createdById!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
  @ApiProperty({ type: String, nullable: true }) signedById!: string | null;
  @ApiProperty({ type: Date, nullable: true }) signedAt!: Date | null;
}

export class ReportListDto {
  @ApiProperty({ type: ReportSummaryDto, isArray: true }) items!: ReportSummaryDto[];
}
