import { ApiProperty } from '@nestjs/swagger';
import { Role } from '../../generated/prisma/enums.js';

export class MeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: Role, enumName: 'Role' }) role!: Role;
  @ApiProperty({ description: 'TOTP is set up and confirmed' }) mfaEnabled!: boolean;
  @ApiProperty({ description: 'this role must use MFA' }) mfaRequired!: boolean;
}
