import { Injectable } from '@nestjs/common';
import { CareTeamService } from '../access/care-team.service.js';
import { PrismaService } from '../database/prisma.service.js';
import type { Role } from '../generated/prisma/enums.js';
import { ImportService } from '../ingest/import.service.js';
import { IngestMapWorker } from '../ingest/ingest-map.worker.js';
import { PatientsService } from '../patients/patients.service.js';
import { UsersService } from '../users/users.service.js';
import { buildDemoHospital, type DemoPatientPlan } from './demo-hospital.js';

export const DEMO_USERS: { email: string; role: Role }[] = [
  { email: 'admin@demo.anamnesis.test', role: 'admin' },
  { email: 'dr.hale@demo.anamnesis.test', role: 'clinician' },
  { email: 'nurse.quinn@demo.anamnesis.test', role: 'nurse' },
  { email: 'compliance@demo.anamnesis.test', role: 'compliance' },
  { email: 'integration@demo.anamnesis.test', role: 'integration' },
  { email: 'dr.outside@demo.anamnesis.test', role: 'clinician' },
];
export const DEFAULT_DEMO_PATIENTS = 60;

export interface DemoSeedResult {
  seeded: boolean;
  users: string[];
  patients: DemoPatientPlan[];
  messages: number;
  entries: number;
  importJobId?: string;
  milliseconds: number;
}

/** Messages mapped per transaction (the map worker's own batch size). */
const MAP_BATCH = 50;

/**
 * `demo:seed`: users of every role, then a synthetic hospital delivered as one HL7 v2 file through
 * the import path (an import job, stored, ACKed, mapped like any feed — so encrypted and audited),
 * mapped before returning, and care teams: dr.hale on every patient, the nurse on every third, the
 * outside clinician on none. Runs once.
 */
@Injectable()
export class DemoSeedService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly users: UsersService,
    private readonly patients: PatientsService,
    private readonly careTeam: CareTeamService,
    private readonly imports: ImportService,
    private readonly mapper: IngestMapWorker,
  ) {}

  async seed(password: string, count = DEFAULT_DEMO_PATIENTS, now = new Date()): Promise<DemoSeedResult> {
    const started = Date.now();
    const emails = DEMO_USERS.map((user) => user.email);
    if (await this.prisma.user.count({ where: { email: { in: emails } } }))
      return { seeded: false, users: emails, patients: [], messages: 0, entries: 0, milliseconds: 0 };
    const created = [];
    for (const user of DEMO_USERS) created.push(await this.users.create({ ...user, password }));
    const [admin, clinician, nurse] = created;

    const hospital = buildDemoHospital(count, now);
    const file = Buffer.from(hospital.messages.map((m) => m.text).join('\n') + '\n', 'utf8');
    const entriesBefore = await this.prisma.entry.count();
    const progress = await this.imports.run(chunks(file), {
      channel: 'file',
      source: 'demo:seed (synthetic hospital)',
      bytesTotal: file.length,
      createdBy: admin!.id,
      actor: { userId: admin!.id, role: 'admin', address: 'cli' },
    });
    if (progress.rejected > 0)
      throw new Error(
        `demo:seed: ${progress.rejected} demo messages were refused: ${progress.problems[0]?.reason}`,
      );
    await this.mapJob(progress.jobId);

    for (const [index, plan] of hospital.patients.entries()) {
      const id = await this.patients.idByMrn(plan.person.mrn, 'DEMO');
      if (!id) throw new Error(`demo:seed: patient ${plan.person.mrn} was not created by the import`);
      await this.careTeam.add(id, clinician!.id);
      if (index % 3 === 0) await this.careTeam.add(id, nurse!.id);
    }
    return {
      seeded: true,
      users: emails,
      patients: hospital.patients,
      messages: hospital.messages.length,
      entries: (await this.prisma.entry.count()) - entriesBefore,
      importJobId: progress.jobId,
      milliseconds: Date.now() - started,
    };
  }

  /** Maps the job's messages now, in arrival order (the server's map workers do not run in the CLI). */
  private async mapJob(jobId: string): Promise<void> {
    const rows = await this.prisma.ingestMessage.findMany({
      where: { importJobId: jobId, status: 'queued' },
      orderBy: [{ arrival: 'asc' }, { id: 'asc' }],
      select: { id: true },
    });
    for (let i = 0; i < rows.length; i += MAP_BATCH)
      await this.mapper.processBatch(rows.slice(i, i + MAP_BATCH).map((row) => row.id));
    const left = await this.prisma.ingestMessage.count({
      where: { importJobId: jobId, status: { not: 'processed' } },
    });
    if (left) throw new Error(`demo:seed: ${left} demo messages were not mapped (see the import view)`);
  }
}

async function* chunks(file: Buffer): AsyncIterable<Uint8Array> {
  for (let i = 0; i < file.length; i += 256 * 1024) yield file.subarray(i, i + 256 * 1024);
}
