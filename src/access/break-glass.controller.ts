import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BreakGlassService } from './break-glass.service.js';
import { CurrentCaller, type Caller } from './caller.js';
import { RequirePermission } from './decorators.js';
import { BreakGlassGrantDto, BreakGlassRequestDto } from './dto/break-glass.dto.js';

@ApiTags('access')
@ApiBearerAuth()
@Controller('patients/:id/break-glass')
export class BreakGlassController {
  constructor(private readonly breakGlass: BreakGlassService) {}

  @Post()
  @HttpCode(201)
  @RequirePermission('break-glass:request')
  @ApiCreatedResponse({ type: BreakGlassGrantDto })
  @ApiOperation({ summary: 'Break the glass: time-boxed, audited emergency access to a patient' })
  start(
    @Param('id') patientId: string,
    @Body({ schema: BreakGlassRequestDto }) body: BreakGlassRequestDto,
    @CurrentCaller() caller: Caller,
  ): Promise<BreakGlassGrantDto> {
    return this.breakGlass.start(patientId, body.reason, caller);
  }
}
