import { Module } from '@nestjs/common';
import { PatientsModule } from '../patients/patients.module.js';
import { EntriesController } from './entries.controller.js';
import { EntryReaderService } from './entry-reader.service.js';
import { RecordsService } from './records.service.js';

/** The timeline: typed, encrypted, versioned entries. Exports the services ingest and retrieval reuse. */
@Module({
  imports: [PatientsModule],
  controllers: [EntriesController],
  providers: [RecordsService, EntryReaderService],
  exports: [RecordsService, EntryReaderService, PatientsModule],
})
export class RecordsModule {}
