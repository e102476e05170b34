import { Module, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { MergedPatientAccess } from '../access/merged-patient-access.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { PatientErasureService } from '../patients/patient-erasure.service.js';
import { PatientMerges } from '../patients/patient-merges.js';
import { EntryTransfer } from '../records/entry-transfer.js';
import { ImportedEntries } from '../records/imported-entries.js';
import { RecordsModule } from '../records/records.module.js';
import { ImportService } from './import.service.js';
import { IngestStatusService } from './ingest-status.service.js';
import { InboxCipher } from './inbox-cipher.js';
import { InboxStore } from './inbox-store.js';
import { IngestMapWorker } from './ingest-map.worker.js';
import { IngestController } from './ingest.controller.js';
import { IngestService } from './ingest.service.js';
import { PatientEvents } from './mapping/patient-events.js';
import { MessageMapper } from './message-mapper.js';
import { MllpListener } from './mllp/mllp-listener.js';
import { QuarantineService } from './quarantine.service.js';
import { SenderGate } from './senders/sender-gate.js';

const HL7_CONTENT_TYPES = ['application/hl7-v2', 'x-application/hl7-v2+er7', 'text/plain'];

/** HL7 v2 import: MLLP, HTTP and file channels → encrypted inbox → pg-boss mapping jobs (README.md). */
@Module({
  imports: [JobsModule, RecordsModule],
  controllers: [IngestController],
  providers: [
    IngestService,
    InboxCipher,
    InboxStore,
    ImportService,
    QuarantineService,
    IngestStatusService,
    MessageMapper,
    ImportedEntries,
    EntryTransfer,
    PatientMerges,
    MergedPatientAccess,
    PatientEvents,
    IngestMapWorker,
    MllpListener,
    SenderGate,
  ],
  exports: [IngestService, ImportService, IngestMapWorker],
})
export class IngestModule implements OnModuleInit, OnModuleDestroy {
  private closing = false;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly worker: IngestMapWorker,
    private readonly listener: MllpListener,
    private readonly erasure: PatientErasureService,
    private readonly inbox: InboxStore,
  ) {}

  onModuleDestroy(): void {
    this.closing = true;
  }

  onModuleInit(): void {
    this.erasure.onErase(async (patientId, tx) => void (await this.inbox.shredForPatient(tx, patientId)));
    // HL7 bodies are taken as bytes: MSH-18 decides their character set, never a guess (README.md).
    const fastify = this.adapterHost.httpAdapter?.getInstance();
    if (!fastify) return; // CLI: no HTTP, no MLLP, no workers (jobs wait for the server)
    if (fastify.hasContentTypeParser('text/plain')) fastify.removeContentTypeParser('text/plain');
    fastify.addContentTypeParser(
      HL7_CONTENT_TYPES,
      { parseAs: 'buffer' },
      (_request: unknown, body: Buffer, done: (error: null, body: Buffer) => void) => done(null, body),
    );
    // The server (listen) and tests (ready) start the workers and MLLP; building the app alone does not.
    // Fastify also runs onReady when an app that was never readied is closed: nothing starts then.
    fastify.addHook('onReady', async () => {
      if (this.closing) return;
      await this.worker.start();
      await this.listener.startConfigured();
    });
  }
}
