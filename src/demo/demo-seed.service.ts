import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { CareTeamService } from '../access/care-team.service.js';
import type { Caller } from '../common/caller.js';
import { PrismaService } from '../database/prisma.service.js';
import type { Role } from '../generated/prisma/enums.js';
import { PatientsService } from '../patients/patients.service.js';
import { RecordsService } from '../records/records.service.js';
import { UsersService } from '../users/users.service.js';
import { DEMO_PATIENTS } from './demo-patients.js';

export const DEMO_USERS: { email: string; role: Role }[] = [
  { email: 'admin@demo.anamnesis.test', role: 'admin' },
  { email: 'dr.hale@demo.anamnesis.test', role: 'clinician' },
  { email: 'nurse.quinn@demo.anamnesis.test', role: 'nurse' },
  { email: 'compliance@demo.anamnesis.test', role: 'compliance' },
  { email: 'dr.outside@demo.anamnesis.test', role: 'clinician' },
];

export interface DemoSeedResult {
  seeded: boolean;
  users: string[];
  patients: number;
  entries: number;
}

const DAY_MS = 86_400_000;

/**
 * `demo:seed`: users of every role, synthetic patients with timelines the report generator has
 * something to say about, and care teams (the last clinician is deliberately on none). Everything
 * goes through the same services as real use, so it is encrypted and audited. Runs once.
 */
@Injectable()
export class DemoSeedService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly users: UsersService,
    private readonly patients: PatientsService,
    private readonly records: RecordsService,
    private readonly careTeam: CareTeamService,
  ) {}

  async seed(password: string, now = new Date()): Promise<DemoSeedResult> {
    const emails = DEMO_USERS.map((user) => user.email);
    if (await this.prisma.user.count({ where: { email: { in: emails } } })) {
      return { seeded: false, users: emails, patients: 0, entries: 0 };
    }
    const created = [];
    for (const user of DEMO_USERS) created.push(await this.users.create({ ...user, password }));
    const clinician = created[1]!;
    const nurse = created[2]!;
    const caller: Caller = {
      principal: { userId: clinician.id, role: 'clinician' },
      actor: { userId: clinician.id, role: 'clinician', address: 'cli' },
      correlationId: randomUUID(),
    };
    let entries = 0;
    for (const [index, demo] of DEMO_PATIENTS.entries()) {
      const patient = await this.patients.register(demo.patient, caller);
      if (index < 2) await this.careTeam.add(patient.id, nurse.id);
      for (const entry of demo.entries) {
        const occurredAt = new Date(now.getTime() - entry.daysAgo * DAY_MS);
        await this.records.addEntry(patient.id, { kind: entry.kind, occurredAt, body: entry.body }, caller);
        entries++;
      }
    }
    return { seeded: true, users: emails, patients: DEMO_PATIENTS.length, entries };
  }
}
