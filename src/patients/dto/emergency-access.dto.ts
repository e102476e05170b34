import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { BreakGlassRequestDto } from '../../access/dto/break-glass.dto.js';

export class EmergencyAccessRequestDto extends BreakGlassRequestDto {
  @ApiProperty({ description: 'the exact medical record number' })
  @IsString()
  @Length(1, 64)
  mrn!: string;

  @ApiPropertyOptional({ description: 'the assigning authority, when the MRN alone is ambiguous' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  assigningAuthority?: string;
}
