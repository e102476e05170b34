import type { PurposeOfUse } from '../../audit/audit.service.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { AddressDto, HumanNameDto } from './create-patient.dto.js';

export class PatientDto {
  @ApiProperty() id!: string;
  @ApiProperty() mrn!: string;
  @ApiProperty() assigningAuthority!: string;
  @ApiProperty({ type: HumanNameDto }) name!: HumanNameDto;
  @ApiProperty() birthDate!: string;
  @ApiProperty() sex!: string;
  @ApiPropertyOptional({ type: AddressDto }) address?: AddressDto;
  @ApiPropertyOptional() phone?: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
  @ApiPropertyOptional({
    enum: ['treatment', 'emergency'],
    description: 'how the caller reaches this record: care team, or an active break-the-glass grant',
  })
  access?: PurposeOfUse;
}

export class PatientSearchQueryDto {
  @ApiPropertyOptional({ description: 'exact MRN (blind index)' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  mrn?: string;
  @ApiPropertyOptional({ description: 'with mrn: the assigning authority (default: none)' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  assigningAuthority?: string;
  @ApiPropertyOptional({
    description: 'name words, matched within the patients you may see; with neither mrn nor q: your patients',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  q?: string;
}
