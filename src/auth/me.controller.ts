import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { RequirePermission } from '../access/decorators.js';
import { auditContext } from '../audit/audit-actor.js';
import { AccountService } from './account.service.js';
import { ChangePasswordDto, ConfirmMfaDto, MfaEnrolmentDto, RecoveryCodesDto } from './dto/account.dto.js';
import { MeDto } from './dto/me.dto.js';

/** The caller's own account. */
@ApiTags('auth')
@ApiBearerAuth()
@Controller('auth')
export class MeController {
  constructor(private readonly account: AccountService) {}

  @Get('me')
  @RequirePermission('account:self')
  @ApiOkResponse({ type: MeDto })
  @ApiOperation({ summary: 'The signed-in user, role and permissions' })
  me(@Req() request: FastifyRequest): Promise<MeDto> {
    return this.account.me(request.principal!.userId, request.principal!.sessionId);
  }

  @Post('password')
  @RequirePermission('account:self')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'changed; every session of the user is ended' })
  @ApiOperation({ summary: 'Change your password (ends your other sessions)' })
  changePassword(
    @Body({ schema: ChangePasswordDto }) body: ChangePasswordDto,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    return this.account.changePassword(
      request.principal!.userId,
      body.currentPassword,
      body.newPassword,
      auditContext(request),
    );
  }

  @Post('mfa/enrol')
  @RequirePermission('account:self')
  @ApiCreatedResponse({ type: MfaEnrolmentDto })
  @ApiOperation({ summary: 'Start TOTP enrolment: secret and QR code' })
  enrol(@Req() request: FastifyRequest): Promise<MfaEnrolmentDto> {
    return this.account.startMfaEnrolment(request.principal!.userId, auditContext(request));
  }

  @Post('mfa/confirm')
  @RequirePermission('account:self')
  @HttpCode(200)
  @ApiOkResponse({ type: RecoveryCodesDto })
  @ApiOperation({ summary: 'Confirm TOTP enrolment with a first code' })
  async confirm(
    @Body({ schema: ConfirmMfaDto }) body: ConfirmMfaDto,
    @Req() request: FastifyRequest,
  ): Promise<RecoveryCodesDto> {
    return {
      recoveryCodes: await this.account.confirmMfa(
        request.principal!.userId,
        body.code,
        auditContext(request),
      ),
    };
  }
}
