import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, MaxLength } from 'class-validator';

export class ChangePasswordDto {
  @ApiProperty({ format: 'password' }) @IsString() @MaxLength(1024) currentPassword!: string;
  @ApiProperty({ format: 'password', minLength: 12, maxLength: 128 })
  @IsString()
  @MaxLength(1024)
  newPassword!: string;
}

export class MfaEnrolmentDto {
  @ApiProperty({ example: 'otpauth://totp/Anamnesis:user%40hospital.example?secret=…' }) otpauthUri!: string;
  @ApiProperty({ description: 'the otpauth URI as a PNG QR code data URL' }) qrDataUrl!: string;
  @ApiProperty({ description: 'base32 secret, for manual entry' }) secret!: string;
}

export class ConfirmMfaDto {
  @ApiProperty({ example: '123456' }) @IsString() @Length(6, 6) code!: string;
}

export class RecoveryCodesDto {
  @ApiProperty({ type: [String], description: 'shown once; each works once' }) recoveryCodes!: string[];
}
