import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsInt, IsOptional, Max, Min } from 'class-validator';

/** A page of a newest-first list (quarantine, import jobs). */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({
    description: "Only items from before this instant (next page: the last item's time)",
    format: 'date-time',
  })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  before?: Date;
}
