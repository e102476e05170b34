import { Readable } from 'node:stream';
import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { RequirePermission } from '../access/decorators.js';
import { auditContext } from '../audit/audit-actor.js';
import { DomainError } from '../common/errors/domain-error.js';
import { PageQueryDto } from './dto/ingest.dto.js';
import { ImportService, type ImportProgress } from './import.service.js';
import { IngestStatusService, type ImportJobView, type IngestStatus } from './ingest-status.service.js';
import type { AckCode } from './hl7/hl7-errors.js';
import { QuarantineService, type QuarantinedMessage, type ReplayOutcome } from './quarantine.service.js';
import {
  IMPORT_JOB_SCHEMA,
  IMPORT_JOBS_SCHEMA,
  INGEST_STATUS_SCHEMA,
  QUARANTINE_SCHEMA,
  REPLAY_OUTCOME_SCHEMA,
  SUBMIT_RESULT_SCHEMA,
} from './dto/ingest-responses.js';

export interface SubmitResult extends Omit<ImportProgress, 'bytesRead'> {
  acks: { index: number; code: AckCode; controlId?: string; duplicate: boolean; ack: string }[];
}

/** HL7 v2 over HTTP, import jobs and the quarantine. Thin: the rules live in the services. */
@ApiTags('ingest')
@ApiBearerAuth()
@Controller('ingest')
export class IngestController {
  constructor(
    private readonly imports: ImportService,
    private readonly quarantine: QuarantineService,
    private readonly statusView: IngestStatusService,
  ) {}

  @Post('hl7')
  @HttpCode(200)
  @RequirePermission('ingest:submit')
  @ApiConsumes('application/hl7-v2', 'text/plain')
  @ApiBody({
    description: 'One HL7 v2 message, several, or an FHS/BHS batch (ER7)',
    schema: { type: 'string' },
  })
  @ApiOkResponse({
    description: 'One ACK per message (after commit) and the import summary',
    schema: SUBMIT_RESULT_SCHEMA,
  })
  @ApiOperation({ summary: 'Submit one HL7 v2 message; answers with its ACK once stored' })
  async submit(@Req() request: FastifyRequest): Promise<SubmitResult> {
    if (!Buffer.isBuffer(request.body) || request.body.length === 0) {
      throw new DomainError('bad_request', 'send HL7 v2 as text/plain or application/hl7-v2', 400);
    }
    const acks: SubmitResult['acks'] = [];
    const context = auditContext(request);
    const { bytesRead: _bytes, ...summary } = await this.imports.run(Readable.from([request.body]), {
      channel: 'http',
      source: 'http',
      bytesTotal: request.body.length,
      createdBy: request.principal?.userId,
      // Bound to the MSH-3/MSH-4 values this user may send (INGEST_SENDERS user=…).
      sender: { kind: 'user', userId: request.principal!.userId },
      actor: context.actor,
      correlationId: context.correlationId,
      onAck: (index, received) =>
        acks.push({
          index,
          code: received.ackCode,
          controlId: received.controlId,
          duplicate: received.duplicate,
          ack: received.ack,
        }),
    });
    return { ...summary, acks };
  }

  @Get('status')
  @RequirePermission('ingest:submit')
  @ApiOkResponse({
    description: 'Mapping backlog, quarantine size and running imports (counts only)',
    schema: INGEST_STATUS_SCHEMA,
  })
  @ApiOperation({ summary: 'Mapping backlog, quarantine size and running imports' })
  status(): Promise<IngestStatus> {
    return this.statusView.status();
  }

  @Get('jobs')
  @RequirePermission('ingest:submit')
  @ApiOkResponse({
    description: 'Import jobs, newest first: progress and summaries, never content',
    schema: IMPORT_JOBS_SCHEMA,
  })
  @ApiOperation({ summary: 'List import jobs, newest first' })
  async jobs(@Query({ schema: PageQueryDto }) query: PageQueryDto): Promise<{ jobs: ImportJobView[] }> {
    return { jobs: await this.statusView.jobs(query.limit ?? 100, query.before) };
  }

  @Get('jobs/:id')
  @RequirePermission('ingest:submit')
  @ApiOkResponse({ description: 'Progress and summary of an import job', schema: IMPORT_JOB_SCHEMA })
  @ApiOperation({ summary: 'Read an import job and its counts' })
  job(@Param('id', new ParseUUIDPipe()) id: string): Promise<ImportJobView> {
    return this.statusView.job(id);
  }

  @Get('quarantine')
  @RequirePermission('ingest:manage')
  @ApiOkResponse({
    description: 'Quarantined messages, newest first: metadata and reasons, never content',
    schema: QUARANTINE_SCHEMA,
  })
  @ApiOperation({ summary: 'List quarantined and unmapped messages (metadata only)' })
  async list(
    @Query({ schema: PageQueryDto }) query: PageQueryDto,
  ): Promise<{ messages: QuarantinedMessage[] }> {
    return { messages: await this.quarantine.list(query.limit ?? 100, query.before) };
  }

  @Post('quarantine/:id/replay')
  @HttpCode(200)
  @RequirePermission('ingest:manage')
  @ApiOkResponse({
    description: 'Queued again, or still quarantined with the new reason',
    schema: REPLAY_OUTCOME_SCHEMA,
  })
  @ApiOperation({ summary: 'Replay a quarantined message' })
  replay(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() request: FastifyRequest,
  ): Promise<ReplayOutcome> {
    return this.quarantine.replay(id, auditContext(request));
  }
}
