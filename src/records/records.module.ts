import { Module } from '@nestjs/common';
import { PatientsModule } from '../patients/patients.module.js';
import { CurrentEntriesReader } from './current-entries.js';
import { EntriesController } from './entries.controller.js';
import { EntryReaderService } from './entry-reader.service.js';
import { EntryWrites } from './entry-writes.js';
import { RecordsService } from './records.service.js';

/**
 * The timeline: typed, encrypted, versioned entries. Exports the writers (ingest), the read port
 * `CurrentEntriesReader` (embeddings, retrieval, reports) and `EntryWrites` (announced writes).
 */
@Module({
  imports: [PatientsModule],
  controllers: [EntriesController],
  providers: [RecordsService, EntryReaderService, CurrentEntriesReader, EntryWrites],
  exports: [RecordsService, EntryReaderService, CurrentEntriesReader, EntryWrites, PatientsModule],
})
export class RecordsModule {}
