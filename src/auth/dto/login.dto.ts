import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { z } from 'zod';

export const email = z.email().max(320).meta({ example: 'dr.house@hospital.example' });
/** Bounded only against abuse here; the password policy judges a new one. */
export const password = z
  .string()
  .max(1024)
  .meta({ format: 'password', example: 'correct horse battery staple' });

export const LoginDto = z
  .strictObject({
    email,
    password,
    totp: z
      .string()
      .min(6)
      .max(32)
      .optional()
      .meta({ description: '6-digit TOTP code, or a recovery code', example: '123456' }),
  })
  .meta({ id: 'LoginDto' });
export type LoginDto = z.infer<typeof LoginDto>;

export class AccessTokenDto {
  @ApiProperty({
    description: 'EdDSA JWT; send as `Authorization: Bearer …`',
    example: 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiIuLi4ifQ.c2ln',
  })
  accessToken!: string;
  @ApiProperty({ description: 'seconds until the access token expires', example: 900 }) expiresIn!: number;
  @ApiPropertyOptional({
    description: 'MFA must be set up before anything else; this token may only enrol',
    example: true,
  })
  mfaEnrolmentRequired?: boolean;
}
