import { Controller, Get, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { RequirePermission } from '../access/decorators.js';
import { AccountService } from './account.service.js';
import { MeDto } from './dto/me.dto.js';

@ApiTags('auth')
@ApiBearerAuth()
@Controller('auth')
export class MeController {
  constructor(private readonly account: AccountService) {}

  @Get('me')
  @RequirePermission('account:self')
  @ApiOkResponse({ type: MeDto })
  me(@Req() request: FastifyRequest): Promise<MeDto> {
    return this.account.me(request.principal!.userId);
  }
}
