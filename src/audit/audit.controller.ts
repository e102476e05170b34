import { Readable } from 'node:stream';
import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RequirePermission } from '../common/route-decorators.js';
import { auditContext } from '../common/caller.js';
import type { VerifyReport } from './audit-verifier.js';
import { AuditChainReviewService } from './review/audit-chain-review.service.js';
import {
  AuditAnomaliesQueryDto,
  AuditEventsQueryDto,
  AuditExportQueryDto,
  AuditVerifyQueryDto,
} from './review/audit-filter.dto.js';
import { AuditExportService } from './review/audit-export.service.js';
import {
  AuditAnomaliesDto,
  AuditEventsPageDto,
  CheckpointListDto,
  VerifyReportDto,
} from './review/audit-responses.dto.js';
import { AuditQueryService, type AuditEventsPage, type VolumeAnomaly } from './review/audit-query.service.js';

/** Compliance review of the audit trail (compliance and admin). Reading the log is itself audited. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(
    private readonly queries: AuditQueryService,
    private readonly exports: AuditExportService,
    private readonly chain: AuditChainReviewService,
  ) {}

  @Get('events')
  @RequirePermission('audit:read')
  @ApiOkResponse({
    type: AuditEventsPageDto,
    description: 'Newest first; `nextCursor` for the next page; `total` and per-flag `totals` for the filter',
  })
  @ApiOperation({ summary: 'Search audit events (metadata only, never clinical content)' })
  events(
    @Query({ schema: AuditEventsQueryDto }) query: AuditEventsQueryDto,
    @Req() request: FastifyRequest,
  ): Promise<AuditEventsPage> {
    return this.queries.list(query, auditContext(request));
  }

  @Get('anomalies')
  @RequirePermission('audit:read')
  @ApiOkResponse({
    type: AuditAnomaliesDto,
    description: 'Actor-days with unusual read volume against the actor’s own baseline',
  })
  @ApiOperation({ summary: 'List audit anomalies (off-hours access, unusual volume, break-glass)' })
  async anomalies(
    @Query({ schema: AuditAnomaliesQueryDto }) query: AuditAnomaliesQueryDto,
    @Req() request: FastifyRequest,
  ): Promise<{ volume: VolumeAnomaly[] }> {
    return { volume: await this.queries.volumeAnomalies(query, auditContext(request)) };
  }

  @Get('verify')
  @RequirePermission('audit:read')
  @ApiOkResponse({
    type: VerifyReportDto,
    description: 'Walks the whole chain: intact, or the first bad sequence number and what is wrong',
  })
  @ApiOperation({ summary: 'Verify the audit hash chain, checkpoints and witness' })
  verify(
    @Query({ schema: AuditVerifyQueryDto }) query: AuditVerifyQueryDto,
    @Req() request: FastifyRequest,
  ): Promise<VerifyReport> {
    return this.chain.verify(query.mode === 'incremental', auditContext(request));
  }

  @Get('checkpoints')
  @RequirePermission('audit:export')
  @ApiOkResponse({
    type: CheckpointListDto,
    description: 'Signed checkpoints (newest first) and the Ed25519 public key that verifies them',
  })
  @ApiOperation({ summary: 'List signed audit checkpoints and the signing public key' })
  listCheckpoints(@Req() request: FastifyRequest) {
    return this.chain.checkpointList(auditContext(request));
  }

  @Get('export')
  @RequirePermission('audit:export')
  @ApiProduces('text/csv', 'application/fhir+ndjson')
  @ApiOkResponse({
    description: 'Streamed CSV, or FHIR R4 AuditEvent NDJSON (`format=fhir`)',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiOperation({ summary: 'Export audit events as CSV or FHIR AuditEvent NDJSON' })
  async export(
    @Query({ schema: AuditExportQueryDto }) query: AuditExportQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const fhir = query.format === 'fhir';
    const lines = await this.exports.export(query, auditContext(request));
    const name = `audit-events.${fhir ? 'ndjson' : 'csv'}`;
    await reply
      .header('content-type', fhir ? 'application/fhir+ndjson' : 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'no-store')
      .send(Readable.from(lines));
  }
}
