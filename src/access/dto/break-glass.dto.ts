import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { MIN_REASON_LENGTH } from '../break-glass.service.js';

export class BreakGlassRequestDto {
  @ApiProperty({
    minLength: MIN_REASON_LENGTH,
    maxLength: 1000,
    description: 'why emergency access is needed',
  })
  @IsString()
  @MinLength(MIN_REASON_LENGTH)
  @MaxLength(1000)
  reason!: string;
}

export class BreakGlassGrantDto {
  @ApiProperty() grantId!: string;
  @ApiProperty() patientId!: string;
  @ApiProperty() expiresAt!: Date;
}
