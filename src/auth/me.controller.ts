import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
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
  me(@Req() request: FastifyRequest): Promise<MeDto> {
    return this.account.me(request.principal!.userId, request.principal!.sessionId);
  }

  @Post('password')
  @RequirePermission('account:self')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'changed; every session of the user is ended' })
  changePassword(@Body() body: ChangePasswordDto, @Req() request: FastifyRequest): Promise<void> {
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
  enrol(@Req() request: FastifyRequest): Promise<MfaEnrolmentDto> {
    return this.account.startMfaEnrolment(request.principal!.userId, auditContext(request));
  }

  @Post('mfa/confirm')
  @RequirePermission('account:self')
  @HttpCode(200)
  @ApiOkResponse({ type: RecoveryCodesDto })
  async confirm(@Body() body: ConfirmMfaDto, @Req() request: FastifyRequest): Promise<RecoveryCodesDto> {
    return {
      recoveryCodes: await this.account.confirmMfa(
        request.principal!.userId,
        body.code,
        auditContext(request),
      ),
    };
  }
}
