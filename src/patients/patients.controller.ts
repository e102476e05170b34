import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, type Caller } from '../common/caller.js';
import { RequirePermission } from '../common/route-decorators.js';
import { CreatePatientDto } from './dto/create-patient.dto.js';
import { PatientDto, PatientSearchQueryDto } from './dto/patient.dto.js';
import { PatientErasureService } from './patient-erasure.service.js';
import { PatientsService } from './patients.service.js';

@ApiTags('patients')
@ApiBearerAuth()
@Controller('patients')
export class PatientsController {
  constructor(
    private readonly patients: PatientsService,
    private readonly erasure: PatientErasureService,
  ) {}

  @Post()
  @RequirePermission('patient:write')
  @ApiCreatedResponse({ type: PatientDto })
  @ApiOperation({ summary: 'Register a patient' })
  register(
    @Body({ schema: CreatePatientDto }) body: CreatePatientDto,
    @CurrentCaller() caller: Caller,
  ): Promise<PatientDto> {
    return this.patients.register(body, caller);
  }

  @Get()
  @RequirePermission('patient:read')
  @ApiOkResponse({ type: PatientDto, isArray: true })
  @ApiOperation({ summary: "Search the patients in the caller's care" })
  search(
    @Query({ schema: PatientSearchQueryDto }) query: PatientSearchQueryDto,
    @CurrentCaller() caller: Caller,
  ): Promise<PatientDto[]> {
    return this.patients.search(query, caller);
  }

  @Get(':id')
  @RequirePermission('patient:read')
  @ApiOkResponse({ type: PatientDto })
  @ApiOperation({ summary: 'Read a patient' })
  get(@Param('id') id: string, @CurrentCaller() caller: Caller): Promise<PatientDto> {
    return this.patients.get(id, caller);
  }

  /** Crypto-shredding erasure (administrators): the record becomes unreadable; audit metadata stays. */
  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('patient:erase')
  @ApiOperation({ summary: "Erase a patient (destroys the patient's data key)" })
  async erase(@Param('id') id: string, @CurrentCaller() caller: Caller): Promise<void> {
    await this.erasure.erase(id, caller);
  }
}
