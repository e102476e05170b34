import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../access/decorators.js';
import { auditContext } from '../audit/audit-actor.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { AccessTokenDto, LoginDto } from './dto/login.dto.js';
import { LoginService } from './login.service.js';
import { clearRefreshCookie, readRefreshCookie, setRefreshCookie } from './refresh-cookie.js';
import { SessionLifecycleService } from './session-lifecycle.service.js';
import type { IssuedSession } from './sessions.service.js';

/** Sign-in, refresh and sign-out: public by nature (they establish or end the credential). */
@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly logins: LoginService,
    private readonly lifecycle: SessionLifecycleService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: AccessTokenDto, description: 'and the refresh token as an httpOnly cookie' })
  @ApiOperation({ summary: 'Sign in with email, password and TOTP code' })
  async login(
    @Body({ schema: LoginDto }) body: LoginDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AccessTokenDto> {
    const result = await this.logins.login(body, auditContext(request));
    return {
      ...this.respond(result, reply),
      ...(result.mfaEnrolmentRequired ? { mfaEnrolmentRequired: true } : {}),
    };
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: AccessTokenDto, description: 'rotates the refresh cookie' })
  @ApiOperation({ summary: 'Rotate the refresh token for a new access token' })
  async refresh(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AccessTokenDto> {
    try {
      return this.respond(
        await this.lifecycle.refresh(readRefreshCookie(request), auditContext(request)),
        reply,
      );
    } catch (error) {
      clearRefreshCookie(reply);
      throw error;
    }
  }

  @Post('logout')
  @Public()
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'the session (by bearer token and/or refresh cookie) is ended' })
  @ApiOperation({ summary: 'Sign out: end this session' })
  async logout(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.lifecycle.logout(
      request.principal?.sessionId,
      readRefreshCookie(request),
      auditContext(request),
    );
    clearRefreshCookie(reply);
  }

  private respond(session: IssuedSession, reply: FastifyReply): AccessTokenDto {
    if (session.refreshToken)
      setRefreshCookie(reply, session.refreshToken, this.config.SESSION_ABSOLUTE_LIFETIME_HOURS * 3600);
    return { accessToken: session.accessToken, expiresIn: session.expiresIn };
  }
}
