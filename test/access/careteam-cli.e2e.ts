import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../src/database/paths.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { actor, newPatient, patientOf } from '../records/records-fixtures.js';

const run = promisify(execFile);

describe('npm run cli -- careteam:add --user E --patient MRN', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  const cli = (...args: string[]) =>
    run(process.execPath, [join(PROJECT_ROOT, 'dist/cli/main.js'), 'careteam:add', ...args], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DATABASE_URL: t.database.url,
        DATA_DIR: t.config.DATA_DIR,
        LOG_LEVEL: 'silent',
      },
    });

  it('adds a nurse to the care team of the patient with that MRN, audited', async () => {
    const doctor = await actor(t, 'clinician');
    const nurse = await actor(t, 'nurse');
    const input = newPatient({ assigningAuthority: 'NORTH' });
    const patient = await patientOf(t, doctor, input);
    const read = () =>
      t.app.inject({ method: 'GET', url: `/api/patients/${patient.id}`, headers: nurse.headers });
    expect((await read()).statusCode).toBe(404);
    const { stdout } = await cli(
      '--user',
      nurse.user.email.toUpperCase(),
      '--patient',
      input.mrn,
      '--authority',
      'NORTH',
    );
    expect(stdout).toContain(patient.id);
    expect(stdout).not.toContain(input.name.family);
    expect((await read()).statusCode).toBe(200);
    const event = await t.prisma.auditEvent.findFirst({
      where: { type: 'careteam.add', patientId: patient.id, entityIds: { has: nurse.user.id } },
    });
    expect(event?.actorUserId).toBeNull(); // the CLI acts as 'system'
  }, 90_000);

  it('finds the MRN under any authority unless two issued it', async () => {
    const doctor = await actor(t, 'clinician');
    const nurse = await actor(t, 'nurse');
    const input = newPatient({ assigningAuthority: 'EAST' });
    const patient = await patientOf(t, doctor, input);
    expect((await cli('--user', nurse.user.email, '--patient', input.mrn)).stdout).toContain(patient.id);
    await patientOf(t, doctor, { ...input, assigningAuthority: 'WEST' });
    await expect(cli('--user', nurse.user.email, '--patient', input.mrn)).rejects.toMatchObject({
      stderr: expect.stringContaining('several assigning authorities'),
    });
  }, 90_000);

  it('fails cleanly for an unknown MRN or user', async () => {
    const nurse = await actor(t, 'nurse');
    await expect(cli('--user', nurse.user.email, '--patient', 'NO-SUCH-MRN')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('patient not found'),
    });
    await expect(cli('--user', 'nobody@hospital.test', '--patient', 'X')).rejects.toMatchObject({
      stderr: expect.stringContaining('user not found'),
    });
  }, 90_000);
});
