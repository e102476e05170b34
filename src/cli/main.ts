import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError, Help, type Option } from 'commander';
import { PROJECT_ROOT } from '../database/paths.js';
import { describeCliError } from './cli-errors.js';
import { registerAuditVerify } from './commands/audit-verify.js';
import { registerCareteamAdd } from './commands/careteam-add.js';
import { registerDbMigrate } from './commands/db-migrate.js';
import { registerDemoSeed } from './commands/demo-seed.js';
import { registerImport } from './commands/import.js';
import { registerKeysRotate } from './commands/keys-rotate.js';
import { registerOpenApiWrite } from './commands/openapi-write.js';
import { registerUsersCreate } from './commands/users-create.js';
import { registerUsersAdmin } from './commands/users-admin.js';

const { version } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
  version: string;
};
const program = new Command('anamnesis')
  .description('Anamnesis administration')
  .version(version, '-V, --version', 'print the version')
  .option('--debug', 'print the stack trace of an unexpected error')
  .exitOverride()
  // Subcommands inherit this: required options say so in their help.
  .configureHelp({
    optionDescription(this: Help, option: Option) {
      const description = Help.prototype.optionDescription.call(this, option);
      return option.mandatory ? `${description} (required)` : description;
    },
  });
registerDbMigrate(program);
registerAuditVerify(program);
registerUsersCreate(program);
registerUsersAdmin(program);
registerCareteamAdd(program);
registerKeysRotate(program);
registerImport(program);
registerOpenApiWrite(program);
registerDemoSeed(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  process.stderr.write(`${describeCliError(error, process.argv.includes('--debug'))}\n`);
  process.exit(1);
}
