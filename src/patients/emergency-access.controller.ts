import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BreakGlassService } from '../access/break-glass.service.js';
import { CurrentCaller, type Caller } from '../common/caller.js';
import { RequirePermission } from '../common/route-decorators.js';
import { BreakGlassGrantDto } from '../access/dto/break-glass.dto.js';
import { EmergencyAccessRequestDto } from './dto/emergency-access.dto.js';
import { PatientsService } from './patients.service.js';

/**
 * Break-the-glass for a patient the clinician cannot search for (search only shows patients they
 * may already see): they give the exact MRN from the wristband or referral and a reason. A miss is
 * audited too, so probing MRNs leaves a trail; nothing about the patient is returned but the id.
 */
@ApiTags('access')
@ApiBearerAuth()
@Controller('patients/break-glass')
export class EmergencyAccessController {
  constructor(
    private readonly patients: PatientsService,
    private readonly breakGlass: BreakGlassService,
  ) {}

  @Post()
  @HttpCode(201)
  @RequirePermission('break-glass:request')
  @ApiCreatedResponse({ type: BreakGlassGrantDto })
  @ApiOperation({ summary: 'Break the glass by MRN, for a patient not in your care' })
  async byMrn(
    @Body({ schema: EmergencyAccessRequestDto }) body: EmergencyAccessRequestDto,
    @CurrentCaller() caller: Caller,
  ): Promise<BreakGlassGrantDto> {
    const patientId = await this.patients.emergencyLookup(body, caller);
    return this.breakGlass.start(patientId, body.reason, caller);
  }
}
