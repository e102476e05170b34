import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/load-config.js';
import { DomainError } from '../common/errors/domain-error.js';
import { StartupError } from '../database/open-database.js';
import { registerAuditVerify } from './commands/audit-verify.js';
import { registerCareteamAdd } from './commands/careteam-add.js';
import { registerDbMigrate } from './commands/db-migrate.js';
import { registerDemoSeed } from './commands/demo-seed.js';
import { registerImport } from './commands/import.js';
import { registerKeysRotate } from './commands/keys-rotate.js';
import { registerOpenApiWrite } from './commands/openapi-write.js';
import { registerUsersCreate } from './commands/users-create.js';
import { registerUsersAdmin } from './commands/users-admin.js';

const program = new Command('anamnesis').description('Anamnesis administration').exitOverride();
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
  const known =
    [ConfigError, StartupError, DomainError].some((kind) => error instanceof kind) ||
    (error as Error).message?.startsWith('--');
  process.stderr.write(
    `anamnesis: ${known ? (error as Error).message : `unexpected error: ${(error as Error).stack}`}\n`,
  );
  process.exit(1);
}
