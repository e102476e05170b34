import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
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
  start(
    @Param('id') patientId: string,
    @Body() body: BreakGlassRequestDto,
    @CurrentCaller() caller: Caller,
  ): Promise<BreakGlassGrantDto> {
    return this.breakGlass.start(patientId, body.reason, caller);
  }
}
