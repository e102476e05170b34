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
  @ApiPropertyOptional({ description: 'name words, matched within the patients you may see' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  q?: string;
}
