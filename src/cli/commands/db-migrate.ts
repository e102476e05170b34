import type { Command } from 'commander';
import { createLogger } from '../../common/logging/logger.js';
import { loadConfig } from '../../app-config.js';
import { openDatabase } from '../../database/open-database.js';

export function registerDbMigrate(program: Command): void {
  program
    .command('db:migrate')
    .description('apply pending migrations (also done at every start)')
    .action(async () => {
      const config = loadConfig();
      const database = await openDatabase(config, createLogger('info'));
      await database.stop();
    });
}
