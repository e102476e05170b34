import { createApp } from '../../src/app.factory.js';
import { createLogger } from '../../src/common/logging/logger.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { adt, integrationHeaders, postHl7, waitFor } from './ingest-fixtures.js';

/** A receive-only node (INGEST_MAP_WORKERS=0) stores and acknowledges; another node maps. */
describe('receive-only and mapping nodes on one database', () => {
  let receiver: TestApp;
  beforeAll(async () => {
    receiver = await createTestApp({ INGEST_MAP_WORKERS: '0' });
  });
  afterAll(() => receiver.close());

  it('leaves accepted messages queued until a node with mapping workers takes them', async () => {
    const headers = await integrationHeaders(receiver);
    const response = (await postHl7(receiver, adt('NODE-1'), headers)).json();
    expect(response.acks[0].code).toBe('AA');
    await new Promise((resolve) => setTimeout(resolve, 1500)); // a mapping worker polls every 0.5 s
    const stored = await receiver.prisma.ingestMessage.findFirstOrThrow({ where: { controlId: 'NODE-1' } });
    expect(stored.status).toBe('queued');
    const status = async () =>
      (await receiver.app.inject({ method: 'GET', url: '/api/ingest/status', headers })).json();
    expect(await status()).toEqual({
      queued: 1,
      oldestQueuedAt: stored.receivedAt.toISOString(),
      quarantined: 0,
      unmapped: 0,
      importsRunning: 0,
      mapWorkersHere: 0,
    });

    const mapper = await createApp(
      { config: { ...receiver.config, INGEST_MAP_WORKERS: 2 }, databaseUrl: receiver.database.url },
      createLogger('silent'),
    );
    try {
      await mapper.init();
      await mapper.getHttpAdapter().getInstance().ready();
      await waitFor(() =>
        receiver.prisma.ingestMessage.findFirst({ where: { id: stored.id, status: 'processed' } }),
      );
      expect(await status()).toMatchObject({ queued: 0, oldestQueuedAt: null });
    } finally {
      await mapper.close();
    }
  });
});
