import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsEnum, MaxLength } from 'class-validator';
import { Role, UserStatus } from '../../generated/prisma/enums.js';

export class CreateUserDto {
  @ApiProperty() @IsEmail() @MaxLength(320) email!: string;
  @ApiProperty({ enum: Role, enumName: 'Role' }) @IsEnum(Role) role!: Role;
  // No password: the user sets their own with the enrolment code (src/auth/enrolment.service.ts).
}

export class ChangeRoleDto {
  @ApiProperty({ enum: Role, enumName: 'Role' }) @IsEnum(Role) role!: Role;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: Role, enumName: 'Role' }) role!: Role;
  @ApiProperty({ enum: UserStatus, enumName: 'UserStatus' }) status!: UserStatus;
  @ApiProperty() mfaEnabled!: boolean;
  @ApiProperty() createdAt!: Date;
}

export class EnrolmentDto {
  @ApiProperty({ description: 'one-time code (shown once): the user sets their own password with it' })
  code!: string;
  @ApiProperty() expiresAt!: Date;
  @ApiProperty({ description: 'the web client page that redeems it, e.g. /enrol#code=…' }) path!: string;
}

export class CreatedUserDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: Role, enumName: 'Role' }) role!: Role;
  @ApiProperty({ type: EnrolmentDto }) enrolment!: EnrolmentDto;
}
