import { ApiProperty } from '@nestjs/swagger';
import { z } from 'zod';
import { password } from './login.dto.js';

export const ChangePasswordDto = z
  .strictObject({
    currentPassword: password,
    newPassword: password.meta({
      description: 'the new password (12–128 characters, not a common one)',
      example: 'a longer passphrase of my own',
    }),
  })
  .meta({ id: 'ChangePasswordDto' });
export type ChangePasswordDto = z.infer<typeof ChangePasswordDto>;

export class MfaEnrolmentDto {
  @ApiProperty({ example: 'otpauth://totp/Anamnesis:user%40hospital.example?secret=…' }) otpauthUri!: string;
  @ApiProperty({
    description: 'the otpauth URI as a PNG QR code data URL',
    example: 'data:image/png;base64,iVBORw0KGgo…',
  })
  qrDataUrl!: string;
  @ApiProperty({ description: 'base32 secret, for manual entry', example: 'JBSWY3DPEHPK3PXP' })
  secret!: string;
}

export const ConfirmMfaDto = z
  .strictObject({
    code: z.string().length(6).meta({ description: 'the current TOTP code', example: '123456' }),
  })
  .meta({ id: 'ConfirmMfaDto' });
export type ConfirmMfaDto = z.infer<typeof ConfirmMfaDto>;

export class RecoveryCodesDto {
  @ApiProperty({
    type: [String],
    description: 'shown once; each works once',
    example: ['k7x2-9qmf-3hd8', 'p4vn-2rtc-8wz5'],
  })
  recoveryCodes!: string[];
}
