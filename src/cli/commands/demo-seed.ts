import { randomBytes } from 'node:crypto';
import { InvalidArgumentError, type Command } from 'commander';
import { DEFAULT_DEMO_PATIENTS, DemoSeedService } from '../../demo/demo-seed.service.js';
import { readStdin, withAppContext } from '../cli-context.js';

function patientCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 5000)
    throw new InvalidArgumentError('Expected a whole number from 1 to 5000.');
  return n;
}

export function registerDemoSeed(program: Command): void {
  program
    .command('demo:seed')
    .description(
      'a synthetic hospital for a first look (users of every role, patients with years of history imported as HL7, care teams); runs once',
    )
    .option('--patients <n>', 'how many patients', patientCount, DEFAULT_DEMO_PATIENTS)
    .option(
      '--password-stdin',
      'read the demo users\u2019 password from standard input (else one is generated and printed)',
    )
    .action(async (options: { passwordStdin?: boolean; patients: number }) => {
      const password = options.passwordStdin ? await readStdin() : randomBytes(12).toString('base64url');
      const result = await withAppContext((context) =>
        context.get(DemoSeedService).seed(password, options.patients),
      );
      if (!result.seeded) {
        console.log('demo data is already present; nothing changed');
        return;
      }
      console.log(
        `imported ${result.messages} HL7 messages (import job ${result.importJobId}) in ${(result.milliseconds / 1000).toFixed(1)} s: ` +
          `${result.patients.length} patients, ${result.entries} entries. Users:`,
      );
      for (const email of result.users) console.log(`  ${email}`);
      if (!options.passwordStdin) console.log(`password for all demo users (shown once): ${password}`);
      console.log('admin and compliance users enrol TOTP at first login. Questions to ask, e.g.:');
      for (const plan of result.patients.slice(0, 4))
        console.log(`  ${plan.person.mrn} (${plan.story}): ${plan.question}`);
    });
}
