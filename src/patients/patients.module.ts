import { Module } from '@nestjs/common';
import { PatientAccessModule } from '../access/patient-access.module.js';
import { EmergencyAccessController } from './emergency-access.controller.js';
import { PatientErasureService } from './patient-erasure.service.js';
import { PatientIdentity } from './patient-identity.js';
import { PatientsController } from './patients.controller.js';
import { PatientsService } from './patients.service.js';

@Module({
  imports: [PatientAccessModule],
  controllers: [EmergencyAccessController, PatientsController],
  providers: [PatientsService, PatientIdentity, PatientErasureService],
  exports: [PatientsService, PatientErasureService, PatientAccessModule],
})
export class PatientsModule {}
