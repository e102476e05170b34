import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentCaller, type Caller } from '../common/caller.js';
import { RequirePermission } from '../common/route-decorators.js';
import { CreateReportDto, EditReportDto, ExportQueryDto, ReportDto } from './dto/report.dto.js';
import { ReportListDto, ReportListQueryDto } from './dto/report-list.dto.js';
import type { SectionEdit } from './reports.service.js';
import { ReportsService } from './reports.service.js';

@ApiTags('reports')
@ApiBearerAuth()
@Controller()
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Post('patients/:id/reports')
  @RequirePermission('report:write')
  @ApiCreatedResponse({ type: ReportDto, description: 'a cited draft; every sentence verified' })
  @ApiOperation({ summary: 'Draft a diagnosis report for a question, every sentence cited' })
  create(
    @Param('id') patientId: string,
    @Body({ schema: CreateReportDto }) body: CreateReportDto,
    @CurrentCaller() caller: Caller,
  ): Promise<ReportDto> {
    return this.reports.create(patientId, body.question, caller);
  }

  @Get('patients/:id/reports')
  @RequirePermission('entry:read')
  @ApiOkResponse({
    type: ReportListDto,
    description: "the patient's reports, newest first, a page at a time",
  })
  @ApiOperation({ summary: "List a patient's reports, newest first, by status or author" })
  list(
    @Param('id') patientId: string,
    @Query({ schema: ReportListQueryDto }) query: ReportListQueryDto,
    @CurrentCaller() caller: Caller,
  ): Promise<ReportListDto> {
    return this.reports.list(patientId, query, caller);
  }

  @Get('reports/:id')
  @RequirePermission('entry:read')
  @ApiOkResponse({ type: ReportDto })
  @ApiOperation({ summary: 'Read a report with its citations and verification' })
  get(@Param('id') id: string, @CurrentCaller() caller: Caller): Promise<ReportDto> {
    return this.reports.get(id, caller);
  }

  @Patch('reports/:id')
  @RequirePermission('report:write')
  @ApiOkResponse({ type: ReportDto, description: 'edited sentences are verified again' })
  @ApiOperation({ summary: 'Edit a draft report' })
  edit(
    @Param('id') id: string,
    @Body({ schema: EditReportDto }) body: EditReportDto,
    @CurrentCaller() caller: Caller,
  ): Promise<ReportDto> {
    return this.reports.edit(id, body.sections as SectionEdit[], caller);
  }

  @Post('reports/:id/sign')
  @HttpCode(200)
  @RequirePermission('report:sign')
  @ApiOkResponse({ type: ReportDto, description: 'frozen with signer and time' })
  @ApiOperation({ summary: 'Sign a report (it can no longer change)' })
  sign(@Param('id') id: string, @CurrentCaller() caller: Caller): Promise<ReportDto> {
    return this.reports.sign(id, caller);
  }

  @Get('reports/:id/export')
  @RequirePermission('entry:read')
  @ApiProduces('text/plain', 'text/markdown', 'application/pdf')
  @ApiOkResponse({
    description: 'plain text, Markdown or PDF with numbered references',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiOperation({ summary: 'Export a report' })
  async export(
    @Param('id') id: string,
    @Query({ schema: ExportQueryDto }) query: ExportQueryDto,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | Buffer> {
    const { contentType, body } = await this.reports.export(id, query.format, caller);
    const extension = query.format === 'markdown' ? 'md' : query.format === 'pdf' ? 'pdf' : 'txt';
    void reply.header('content-type', contentType);
    void reply.header('content-disposition', `attachment; filename="report-${id}.${extension}"`);
    return body;
  }
}
