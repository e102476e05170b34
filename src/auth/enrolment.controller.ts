import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../access/decorators.js';
import { auditContext } from '../audit/audit-actor.js';
import { RedeemEnrolmentDto } from './dto/enrolment.dto.js';
import { EnrolmentService } from './enrolment.service.js';

/** A new user sets their own password with the one-time code from their administrator. */
@ApiTags('auth')
@Controller('auth')
export class EnrolmentController {
  constructor(private readonly enrolments: EnrolmentService) {}

  @Post('enrol')
  @Public()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'password set, code spent; sign in with the new password' })
  @ApiOperation({ summary: 'Set a password with a one-time enrolment code' })
  async redeem(
    @Body({ schema: RedeemEnrolmentDto }) body: RedeemEnrolmentDto,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    await this.enrolments.redeem(body.code, body.password, auditContext(request));
  }
}
