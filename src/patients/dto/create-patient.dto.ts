import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  ValidateNested,
} from 'class-validator';

export class HumanNameDto {
  @ApiProperty() @IsString() @Length(1, 200) family!: string;
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(5)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  given!: string[];
}

export class AddressDto {
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(4)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  line?: string[];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) city?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) state?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20) postalCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) country?: string;
}

export class CreatePatientDto {
  @ApiProperty({ description: 'medical record number' }) @IsString() @Length(1, 64) mrn!: string;
  @ApiPropertyOptional({ description: 'the organisation that issued the MRN' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  assigningAuthority?: string;
  @ApiProperty({ type: HumanNameDto }) @ValidateNested() @Type(() => HumanNameDto) name!: HumanNameDto;
  @ApiProperty({ example: '1970-01-31' }) @IsISO8601({ strict: true }) @Length(10, 10) birthDate!: string;
  @ApiProperty({ enum: ['female', 'male', 'other', 'unknown'] })
  @IsIn(['female', 'male', 'other', 'unknown'])
  sex!: 'female' | 'male' | 'other' | 'unknown';
  @ApiPropertyOptional({ type: AddressDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) phone?: string;
}
