import { Readable } from 'node:stream';
import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RequirePermission } from '../common/route-decorators.js';
import { auditContext } from '../common/caller.js';
import { AuditCheckpoints } from './audit-checkpoints.js';
import { AuditVerifier, type VerifyReport } from './audit-verifier.js';
import { AuditService } from './audit.service.js';
import {
  AuditAnomaliesQueryDto,
  AuditEventsQueryDto,
  AuditExportQueryDto,
  AuditVerifyQueryDto,
} from './review/audit-filter.dto.js';
import { AuditExportService } from './review/audit-export.service.js';
import { AuditQueryService, type AuditEventsPage, type VolumeAnomaly } from './review/audit-query.service.js';

/** Compliance review of the audit trail (compliance and admin). Reading the log is itself audited. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(
    private readonly queries: AuditQueryService,
    private readonly exports: AuditExportService,
    private readonly verifier: AuditVerifier,
    private readonly checkpoints: AuditCheckpoints,
    private readonly audit: AuditService,
  ) {}

  @Get('events')
  @RequirePermission('audit:read')
  @ApiOkResponse({
    description: 'Newest first; `nextCursor` for the next page; `total` and per-flag `totals` for the filter',
  })
  events(@Query() query: AuditEventsQueryDto, @Req() request: FastifyRequest): Promise<AuditEventsPage> {
    return this.queries.list(query, auditContext(request));
  }

  @Get('anomalies')
  @RequirePermission('audit:read')
  @ApiOkResponse({ description: 'Actor-days with unusual read volume against the actor’s own baseline' })
  async anomalies(
    @Query() query: AuditAnomaliesQueryDto,
    @Req() request: FastifyRequest,
  ): Promise<{ volume: VolumeAnomaly[] }> {
    return { volume: await this.queries.volumeAnomalies(query, auditContext(request)) };
  }

  @Get('verify')
  @RequirePermission('audit:read')
  @ApiOkResponse({
    description: 'Walks the whole chain: intact, or the first bad sequence number and what is wrong',
  })
  async verify(@Query() query: AuditVerifyQueryDto, @Req() request: FastifyRequest): Promise<VerifyReport> {
    const report = await this.verifier.verify({ sinceLastCheckpoint: query.mode === 'incremental' });
    await this.audit.record({
      type: 'audit.verify',
      action: 'E',
      outcome: report.intact ? 'success' : 'failure',
      ...auditContext(request),
      entity: { type: 'AuditChain', ids: [report.firstBad?.seq ?? report.lastSeq] },
    });
    return report;
  }

  @Get('checkpoints')
  @RequirePermission('audit:export')
  @ApiOkResponse({
    description: 'Signed checkpoints (newest first) and the Ed25519 public key that verifies them',
  })
  async listCheckpoints(@Req() request: FastifyRequest) {
    const result = await this.checkpoints.list();
    await this.audit.record({
      type: 'audit.read',
      action: 'R',
      outcome: 'success',
      ...auditContext(request),
      entity: { type: 'AuditCheckpoint', ids: result.checkpoints.map((c) => c.seq) },
    });
    return result;
  }

  @Get('export')
  @RequirePermission('audit:export')
  @ApiProduces('text/csv', 'application/fhir+ndjson')
  @ApiOkResponse({ description: 'Streamed CSV, or FHIR R4 AuditEvent NDJSON (`format=fhir`)' })
  async export(
    @Query() query: AuditExportQueryDto,
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
