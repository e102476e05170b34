import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Length, MaxLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'dr.house@hospital.example' })
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @MaxLength(1024)
  password!: string;

  @ApiPropertyOptional({ description: '6-digit TOTP code, or a recovery code' })
  @IsOptional()
  @IsString()
  @Length(6, 32)
  totp?: string;
}

export class AccessTokenDto {
  @ApiProperty({ description: 'EdDSA JWT; send as `Authorization: Bearer …`' }) accessToken!: string;
  @ApiProperty({ description: 'seconds until the access token expires' }) expiresIn!: number;
  @ApiPropertyOptional({ description: 'MFA must be set up before anything else; this token may only enrol' })
  mfaEnrolmentRequired?: boolean;
}
