import { Body, Controller, Get, Header, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, type Caller } from '../common/caller.js';
import { RequirePermission } from '../common/route-decorators.js';
import {
  AmendEntryDto,
  CreateEntryDto,
  EntryDto,
  TimelinePageDto,
  TimelineQueryDto,
} from './dto/entry.dto.js';
import { entryJson, entryPageJson } from './entry-json.js';
import { EntryReaderService } from './entry-reader.service.js';
import { RecordsService } from './records.service.js';

const JSON_UTF8 = 'application/json; charset=utf-8';

@ApiTags('records')
@ApiBearerAuth()
@Controller()
export class EntriesController {
  constructor(
    private readonly records: RecordsService,
    private readonly reader: EntryReaderService,
  ) {}

  // The hot reads answer JSON they wrote themselves (entry-json.ts: the same bytes, kept with held views).
  @Get('patients/:id/entries')
  @RequirePermission('entry:read')
  @Header('Content-Type', JSON_UTF8)
  @ApiOkResponse({ type: TimelinePageDto })
  @ApiOperation({ summary: "A patient's timeline: current entries, newest first, paged" })
  async timeline(
    @Param('id') patientId: string,
    @Query({ schema: TimelineQueryDto }) query: TimelineQueryDto,
    @CurrentCaller() caller: Caller,
  ): Promise<string> {
    return entryPageJson(await this.reader.timeline(patientId, query, caller));
  }

  @Post('patients/:id/entries')
  @RequirePermission('entry:write')
  @ApiCreatedResponse({ type: EntryDto })
  @ApiOperation({ summary: 'Add a record entry (note, problem, medication, allergy, observation, ...)' })
  create(
    @Param('id') patientId: string,
    @Body({ schema: CreateEntryDto }) body: CreateEntryDto,
    @CurrentCaller() caller: Caller,
  ): Promise<EntryDto> {
    return this.records.addEntry(
      patientId,
      { kind: body.kind, occurredAt: new Date(body.occurredAt), body: body.body },
      caller,
    );
  }

  @Get('entries/:id')
  @RequirePermission('entry:read')
  @ApiOkResponse({ type: EntryDto })
  @ApiOperation({ summary: 'Read a record entry (current version)' })
  @Header('Content-Type', JSON_UTF8)
  async get(@Param('id') id: string, @CurrentCaller() caller: Caller): Promise<string> {
    return entryJson(await this.reader.get(id, caller));
  }

  @Get('entries/:id/versions')
  @RequirePermission('entry:read')
  @ApiOkResponse({ type: EntryDto, isArray: true })
  @ApiOperation({ summary: "List a record entry's versions" })
  versions(@Param('id') id: string, @CurrentCaller() caller: Caller): Promise<EntryDto[]> {
    return this.reader.versions(id, caller);
  }

  @Put('entries/:id')
  @RequirePermission('entry:write')
  @ApiOkResponse({ type: EntryDto })
  @ApiOperation({ summary: 'Amend a record entry (a new version; earlier ones are kept)' })
  amend(
    @Param('id') id: string,
    @Body({ schema: AmendEntryDto }) body: AmendEntryDto,
    @CurrentCaller() caller: Caller,
  ): Promise<EntryDto> {
    return this.records.amend(
      id,
      { occurredAt: body.occurredAt ? new Date(body.occurredAt) : undefined, body: body.body },
      caller,
    );
  }
}
