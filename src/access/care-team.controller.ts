import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CareTeamService } from './care-team.service.js';
import { CurrentCaller, type Caller } from './caller.js';
import { RequirePermission } from './decorators.js';
import { AddCareTeamMemberDto, CareTeamMemberDto } from './dto/care-team.dto.js';

/** Administration of care teams: no clinical content is read or returned here. */
@ApiTags('access')
@ApiBearerAuth()
@Controller('patients/:id/care-team')
export class CareTeamController {
  constructor(private readonly careTeam: CareTeamService) {}

  @Get()
  @RequirePermission('careteam:manage')
  @ApiOkResponse({ type: CareTeamMemberDto, isArray: true })
  @ApiOperation({ summary: "List a patient's care team" })
  list(@Param('id') patientId: string, @CurrentCaller() caller: Caller): Promise<CareTeamMemberDto[]> {
    return this.careTeam.list(patientId, caller);
  }

  @Post()
  @HttpCode(204)
  @RequirePermission('careteam:manage')
  @ApiOperation({ summary: "Add a clinician or nurse to a patient's care team" })
  async add(
    @Param('id') patientId: string,
    @Body({ schema: AddCareTeamMemberDto }) body: AddCareTeamMemberDto,
    @CurrentCaller() caller: Caller,
  ): Promise<void> {
    await this.careTeam.add(patientId, body.userId, {
      endsAt: body.endsAt ? new Date(body.endsAt) : undefined,
      caller,
    });
  }

  @Delete(':userId')
  @HttpCode(204)
  @RequirePermission('careteam:manage')
  @ApiOperation({ summary: "Remove a member from a patient's care team" })
  async remove(
    @Param('id') patientId: string,
    @Param('userId') userId: string,
    @CurrentCaller() caller: Caller,
  ): Promise<void> {
    await this.careTeam.remove(patientId, userId, caller);
  }
}
