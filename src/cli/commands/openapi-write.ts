import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { createApp } from '../../app.factory.js';
import { createLogger } from '../../common/logging/logger.js';
import { loadConfig } from '../../app-config.js';
import { PROJECT_ROOT } from '../../database/paths.js';
import { buildOpenApiDocument, serializeOpenApi } from '../../openapi/openapi.js';

export function registerOpenApiWrite(program: Command): void {
  program
    .command('openapi:write')
    .description('regenerate the committed openapi.json from the code (no database needed)')
    .action(async () => {
      const config = loadConfig();
      // Building the document touches no database: the pool connects lazily and is never used.
      const app = await createApp(
        { config, databaseUrl: 'postgresql://127.0.0.1:1/unused' },
        createLogger('silent'),
      );
      await app.init();
      writeFileSync(join(PROJECT_ROOT, 'openapi.json'), serializeOpenApi(buildOpenApiDocument(app)));
      await app.close();
      console.log('wrote openapi.json');
    });
}
