import { performance } from 'node:perf_hooks';
import { benchDatabase } from './bench-database.js';
import { round, type BenchTable } from './table.js';
import { createApp } from '../../src/app.factory.js';

/** Cold start costs that users feel: migrating a fresh database and booting the Nest app. */
export default async function (): Promise<BenchTable[]> {
  const started = performance.now();
  const db = await benchDatabase();
  const migrateMs = performance.now() - started;
  const bootStarted = performance.now();
  const app = await createApp({ config: db.config, databaseUrl: db.url }, db.logger);
  await app.init();
  const bootMs = performance.now() - bootStarted;
  const requests = 2000;
  const healthStarted = performance.now();
  for (let i = 0; i < requests; i++) await app.inject({ method: 'GET', url: '/api/health' });
  const perSecond = requests / ((performance.now() - healthStarted) / 1000);
  await app.close();
  await db.close();
  return [
    {
      title: 'Start-up',
      columns: ['step', 'value'],
      rows: [
        ['create + migrate fresh database (ms)', round(migrateMs)],
        ['Nest app boot (ms)', round(bootMs)],
        ['GET /api/health in-process (req/s)', round(perSecond, 0)],
      ],
    },
  ];
}
