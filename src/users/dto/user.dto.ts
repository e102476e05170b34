import { ApiProperty } from '@nestjs/swagger';
import { z } from 'zod';
import { email } from '../../auth/dto/login.dto.js';
import { Role, UserStatus } from '../../generated/prisma/enums.js';

const role = z.enum(Role).meta({ example: 'clinician' });

// No password: the user sets their own with the enrolment code (src/auth/enrolment.service.ts).
export const CreateUserDto = z
  .strictObject({ email: email.meta({ example: 'nurse.joy@hospital.example' }), role })
  .meta({ id: 'CreateUserDto' });
export type CreateUserDto = z.infer<typeof CreateUserDto>;

export const ChangeRoleDto = z.strictObject({ role }).meta({ id: 'ChangeRoleDto' });
export type ChangeRoleDto = z.infer<typeof ChangeRoleDto>;

export class UserDto {
  @ApiProperty({ format: 'uuid', example: '3f2b8c1d-9e07-4c1e-9a7d-5f0c6b9e3a52' }) id!: string;
  @ApiProperty({ example: 'nurse.joy@hospital.example' }) email!: string;
  @ApiProperty({ enum: Role, enumName: 'Role', example: 'nurse' }) role!: Role;
  @ApiProperty({ enum: UserStatus, enumName: 'UserStatus', example: 'active' }) status!: UserStatus;
  @ApiProperty({ example: true }) mfaEnabled!: boolean;
  @ApiProperty({ example: '2026-01-05T08:00:00.000Z' }) createdAt!: Date;
}

export class EnrolmentDto {
  @ApiProperty({
    description: 'one-time code (shown once): the user sets their own password with it',
    example: 'q3V9xY2mK8pL0tR7wZ4nB6cD1fG5hJ3sA9eU2iO8kMn',
  })
  code!: string;
  @ApiProperty({ example: '2026-01-08T08:00:00.000Z' }) expiresAt!: Date;
  @ApiProperty({
    description: 'the web client page that redeems it',
    example: '/enrol#code=q3V9xY2mK8pL0tR7wZ4nB6cD1fG5hJ3sA9eU2iO8kMn',
  })
  path!: string;
}

export class CreatedUserDto {
  @ApiProperty({ format: 'uuid', example: '3f2b8c1d-9e07-4c1e-9a7d-5f0c6b9e3a52' }) id!: string;
  @ApiProperty({ example: 'nurse.joy@hospital.example' }) email!: string;
  @ApiProperty({ enum: Role, enumName: 'Role', example: 'nurse' }) role!: Role;
  @ApiProperty({ type: EnrolmentDto }) enrolment!: EnrolmentDto;
}
