import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createApp } from '../../src/app.factory.js';
import { AccessTokens } from '../../src/auth/access-tokens.js';
import { hashPassword } from '../../src/auth/password-hasher.js';
import { PrismaService } from '../../src/database/prisma.service.js';
import { benchDatabase } from './bench-database.js';
import { quantile, round, type BenchTable } from './table.js';

const PASSWORD = 'amber-falcon-rides-the-tram-42';

/** Login cost (argon2id included), login throughput under the hash bound, token verification. */
export default async function (): Promise<BenchTable[]> {
  const db = await benchDatabase();
  const config = { ...db.config, LOGIN_MAX_FAILURES_PER_ACCOUNT: 1e9, LOGIN_MAX_FAILURES_PER_ADDRESS: 1e9 };
  const app = await createApp({ config, databaseUrl: db.url }, db.logger);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const prisma = app.get(PrismaService);
  const passwordHash = await hashPassword(PASSWORD);
  const users = await Promise.all(
    Array.from({ length: 64 }, (_, i) =>
      prisma.user.create({ data: { email: `bench-${i}@hospital.test`, role: 'clinician', passwordHash } }),
    ),
  );
  const login = (email: string, password: string, i: number) =>
    app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password },
      remoteAddress: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    });
  const timed = async (work: () => Promise<{ statusCode: number }>, expected: number) => {
    const started = performance.now();
    const response = await work();
    if (response.statusCode !== expected) throw new Error(`expected ${expected}, got ${response.statusCode}`);
    return performance.now() - started;
  };

  // Sequential: one login at a time (the latency a user sees on an idle server).
  const rounds = 40;
  const ok: number[] = [];
  const wrong: number[] = [];
  const unknown: number[] = [];
  for (let i = 0; i < rounds; i++) {
    ok.push(await timed(() => login(users[i % 64]!.email, PASSWORD, i), 200));
    wrong.push(await timed(() => login(users[i % 64]!.email, 'wrong-password-here', i), 401));
    unknown.push(await timed(() => login(`nobody-${i}@hospital.test`, PASSWORD, i), 401));
  }

  // Concurrent: 64 logins in flight, argon2 bounded by ARGON2_MAX_CONCURRENCY.
  const burst = 256;
  const latencies: number[] = [];
  const burstStarted = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (next < burst) {
        const i = next++;
        latencies.push(await timed(() => login(users[i % 64]!.email, PASSWORD, 1000 + i), 200));
      }
    }),
  );
  const loginsPerSecond = burst / ((performance.now() - burstStarted) / 1000);

  // Token verification alone (signature + claims), and a full authenticated request.
  const token = (await login(users[0]!.email, PASSWORD, 9999)).json().accessToken as string;
  const tokens = app.get(AccessTokens);
  const verifications = 20_000;
  const verifyStarted = performance.now();
  for (let i = 0; i < verifications; i++) await tokens.verify(token);
  const verifyUs = ((performance.now() - verifyStarted) * 1000) / verifications;
  const requests = 5_000;
  const requestStarted = performance.now();
  for (let i = 0; i < requests; i++)
    await app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });
  const meRps = requests / ((performance.now() - requestStarted) / 1000);

  await app.close();
  await db.close();
  const ms = (values: number[], p: number) => round(quantile(values, p));
  return [
    {
      title: 'Authentication',
      columns: ['measure', 'p50 (ms)', 'p95 (ms)', 'rate'],
      rows: [
        ['login, correct password (sequential)', ms(ok, 0.5), ms(ok, 0.95), ''],
        ['login, wrong password (sequential)', ms(wrong, 0.5), ms(wrong, 0.95), ''],
        ['login, unknown email (sequential)', ms(unknown, 0.5), ms(unknown, 0.95), ''],
        [
          `login, 64 in flight, argon2 bound ${config.ARGON2_MAX_CONCURRENCY}`,
          ms(latencies, 0.5),
          ms(latencies, 0.95),
          `${round(loginsPerSecond, 0)} logins/s`,
        ],
        [
          'access-token verify (EdDSA + claims)',
          '',
          '',
          `${round(verifyUs, 1)} µs each, ${round(1e6 / verifyUs, 0)}/s`,
        ],
        [
          'GET /api/auth/me with bearer (verify + session check)',
          '',
          '',
          `${round(meRps, 0)} req/s in-process`,
        ],
      ],
      notes: [
        `argon2id m=19456 KiB, t=2, p=1; ${availableParallelism()} CPUs; PostgreSQL at DATABASE_URL or embedded`,
        'wrong password and unknown email should be close: the unknown user is verified against a dummy hash',
      ],
    },
  ];
}
