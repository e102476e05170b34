import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, type Caller } from '../common/caller.js';
import { RequirePermission } from '../common/route-decorators.js';
import { RetrievalQueryDto, RetrievalResultDto } from './dto/retrieval.dto.js';
import { RetrievalService } from './retrieval.service.js';

@ApiTags('retrieval')
@ApiBearerAuth()
@Controller('patients/:id/retrieval')
export class RetrievalController {
  constructor(private readonly retrieval: RetrievalService) {}

  /** The patient's entries that best answer a question, ranked, with the matched passage. */
  @Post()
  @HttpCode(200)
  @RequirePermission('entry:read')
  @ApiOkResponse({ type: RetrievalResultDto })
  @ApiOperation({ summary: "Retrieve a patient's entries most relevant to a question" })
  retrieve(
    @Param('id') patientId: string,
    @Body({ schema: RetrievalQueryDto }) body: RetrievalQueryDto,
    @CurrentCaller() caller: Caller,
  ): Promise<RetrievalResultDto> {
    return this.retrieval.retrieve(patientId, body.question, body.limit ?? 10, caller);
  }
}
