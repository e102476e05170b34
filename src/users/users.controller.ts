import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { RequirePermission } from '../access/decorators.js';
import { auditContext } from '../audit/audit-actor.js';
import { ChangeRoleDto, CreatedUserDto, CreateUserDto, UserDto } from './dto/user.dto.js';
import { UsersService } from './users.service.js';

/** User administration for `admin` (`user:manage`). */
@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @RequirePermission('user:manage')
  @ApiCreatedResponse({ type: CreatedUserDto })
  @ApiOperation({ summary: 'Create a user (with a one-time enrolment code)' })
  create(
    @Body({ schema: CreateUserDto }) body: CreateUserDto,
    @Req() request: FastifyRequest,
  ): Promise<CreatedUserDto> {
    return this.users.create({ ...body, createdById: request.principal!.userId }, auditContext(request));
  }

  @Get()
  @RequirePermission('user:manage')
  @ApiOkResponse({ type: [UserDto] })
  @ApiOperation({ summary: 'List users' })
  list(): Promise<UserDto[]> {
    return this.users.list();
  }

  @Post(':id/disable')
  @RequirePermission('user:manage')
  @HttpCode(200)
  @ApiOkResponse({ type: UserDto, description: 'disabled; all sessions ended' })
  @ApiOperation({ summary: "Disable a user (ends the user's sessions at once)" })
  disable(@Param('id', ParseUUIDPipe) id: string, @Req() request: FastifyRequest): Promise<UserDto> {
    return this.users.setStatus(id, 'disabled', auditContext(request));
  }

  @Post(':id/enable')
  @RequirePermission('user:manage')
  @HttpCode(200)
  @ApiOkResponse({ type: UserDto })
  @ApiOperation({ summary: 'Enable a disabled user' })
  enable(@Param('id', ParseUUIDPipe) id: string, @Req() request: FastifyRequest): Promise<UserDto> {
    return this.users.setStatus(id, 'active', auditContext(request));
  }

  @Post(':id/enrolment')
  @RequirePermission('user:manage')
  @HttpCode(201)
  @ApiCreatedResponse({
    type: CreatedUserDto,
    description:
      'a fresh one-time enrolment code (earlier ones stop working); the user sets their own password',
  })
  @ApiOperation({ summary: 'Issue a new one-time enrolment code' })
  reissueEnrolment(
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: FastifyRequest,
  ): Promise<CreatedUserDto> {
    return this.users.reissueEnrolment(id, auditContext(request));
  }

  @Post(':id/reset-mfa')
  @RequirePermission('user:manage')
  @HttpCode(200)
  @ApiOkResponse({ type: UserDto, description: 'MFA removed; the user enrols again at next sign-in' })
  @ApiOperation({ summary: 'Reset MFA: the user enrols TOTP again' })
  resetMfa(@Param('id', ParseUUIDPipe) id: string, @Req() request: FastifyRequest): Promise<UserDto> {
    return this.users.resetMfa(id, auditContext(request));
  }

  @Put(':id/role')
  @RequirePermission('user:manage')
  @ApiOkResponse({ type: UserDto, description: 'role changed; all sessions ended' })
  @ApiOperation({ summary: "Change a user's role" })
  changeRole(
    @Param('id', ParseUUIDPipe) id: string,
    @Body({ schema: ChangeRoleDto }) body: ChangeRoleDto,
    @Req() request: FastifyRequest,
  ): Promise<UserDto> {
    return this.users.changeRole(id, body.role, auditContext(request));
  }
}
