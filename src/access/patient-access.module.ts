import { Module } from '@nestjs/common';
import { BreakGlassController } from './break-glass.controller.js';
import { BreakGlassService } from './break-glass.service.js';
import { CareTeamController } from './care-team.controller.js';
import { CareTeamService } from './care-team.service.js';
import { PatientAccessService } from './patient-access.service.js';

/** Per-patient access: care teams and break-the-glass (the role guard is AccessGuard). */
@Module({
  controllers: [BreakGlassController, CareTeamController],
  providers: [PatientAccessService, CareTeamService, BreakGlassService],
  exports: [PatientAccessService, CareTeamService, BreakGlassService],
})
export class PatientAccessModule {}
