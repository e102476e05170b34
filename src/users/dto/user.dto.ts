import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { Role, UserStatus } from '../../generated/prisma/enums.js';

export class CreateUserDto {
  @ApiProperty() @IsEmail() @MaxLength(320) email!: string;
  @ApiProperty({ enum: Role, enumName: 'Role' }) @IsEnum(Role) role!: Role;
  @ApiPropertyOptional({ format: 'password', description: 'initial password (12–128, not a common one)' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  password?: string;
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

export class CreatedUserDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: Role, enumName: 'Role' }) role!: Role;
}
