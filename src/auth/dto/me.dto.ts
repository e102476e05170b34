import { ApiProperty } from '@nestjs/swagger';
import { Role } from '../../generated/prisma/enums.js';

export class MeDto {
  @ApiProperty({ format: 'uuid', example: '3f2b8c1d-9e07-4c1e-9a7d-5f0c6b9e3a52' }) id!: string;
  @ApiProperty({ example: 'dr.house@hospital.example' }) email!: string;
  @ApiProperty({ enum: Role, enumName: 'Role', example: 'clinician' }) role!: Role;
  @ApiProperty({ description: 'TOTP is set up and confirmed', example: true }) mfaEnabled!: boolean;
  @ApiProperty({ description: 'this role must use MFA', example: true }) mfaRequired!: boolean;
}
