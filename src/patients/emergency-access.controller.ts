import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { BreakGlassService } from '../access/break-glass.service.js';
import { CurrentCaller, auditOf, type Caller } from '../access/caller.js';
import { RequirePermission } from '../access/decorators.js';
import { BreakGlassGrantDto } from '../access/dto/break-glass.dto.js';
import { AuditService } from '../audit/audit.service.js';
import { NotFoundError } from '../common/errors/domain-error.js';
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
    private readonly audit: AuditService,
  ) {}

  @Post()
  @HttpCode(201)
  @RequirePermission('break-glass:request')
  @ApiCreatedResponse({ type: BreakGlassGrantDto })
  async byMrn(
    @Body() body: EmergencyAccessRequestDto,
    @CurrentCaller() caller: Caller,
  ): Promise<BreakGlassGrantDto> {
    const patientId = await this.patients.idByMrn(body.mrn, body.assigningAuthority);
    if (!patientId) {
      await this.audit.record({
        type: 'breakglass.lookup',
        action: 'E',
        outcome: 'failure',
        reason: body.reason,
        ...auditOf(caller),
      });
      throw new NotFoundError('patient');
    }
    return this.breakGlass.start(patientId, body.reason, caller);
  }
}
