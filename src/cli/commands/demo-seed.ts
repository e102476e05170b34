import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { DemoSeedService } from '../../demo/demo-seed.service.js';
import { readStdin, withAppContext } from '../cli-context.js';

export function registerDemoSeed(program: Command): void {
  program
    .command('demo:seed')
    .description('synthetic demo users (every role), patients and care teams for a first look; runs once')
    .option(
      '--password-stdin',
      'read the demo users\u2019 password from standard input (else one is generated and printed)',
    )
    .action(async (options: { passwordStdin?: boolean }) => {
      const password = options.passwordStdin ? await readStdin() : randomBytes(12).toString('base64url');
      const result = await withAppContext((context) => context.get(DemoSeedService).seed(password));
      if (!result.seeded) {
        console.log('demo data is already present; nothing changed');
        return;
      }
      console.log(`seeded ${result.patients} patients with ${result.entries} entries and these users:`);
      for (const email of result.users) console.log(`  ${email}`);
      if (!options.passwordStdin) console.log(`password for all demo users (shown once): ${password}`);
      console.log('admin and compliance users enrol TOTP at first login.');
    });
}
