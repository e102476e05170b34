import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { createLogger, NestPinoLogger } from './logger.js';
import { RequestLogController } from './request-logging.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    decodeStrings: false,
    write(chunk: Buffer | string, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, stream };
}

describe('createLogger', () => {
  it('writes one JSON object per line unless asked for pretty output', () => {
    const out = capture();
    createLogger('info', { pretty: false, destination: out.stream }).info({ port: 3000 }, 'listening');
    expect(JSON.parse(out.lines[0]!)).toMatchObject({ level: 30, port: 3000, msg: 'listening' });
  });

  it('writes readable lines when pretty, still without the redacted fields', () => {
    const out = capture();
    const logger = createLogger('info', { pretty: true, destination: out.stream });
    logger.info({ patient: { name: 'Ada Lovelace', mrn: 'MRN-7' }, count: 2 }, 'patient imported');
    const text = out.lines.join('\n');
    expect(text).toMatch(/INFO.*patient imported/);
    expect(text).toContain('"count":2');
    expect(text).not.toContain('Ada Lovelace');
    expect(text).not.toContain('MRN-7');
    expect(() => JSON.parse(out.lines[0]!)).toThrow();
  });

  it("puts Nest's module and route-mapping lines at debug, other framework lines at info", () => {
    const out = capture();
    const nest = new NestPinoLogger(createLogger('info', { pretty: false, destination: out.stream }));
    nest.log('Mapped {/api/health, GET} route', 'RouterExplorer');
    nest.log('HealthController {/api/health}:', 'RoutesResolver');
    nest.log('ConfigModule dependencies initialized', 'InstanceLoader');
    nest.log('Nest application successfully started', 'NestApplication');
    expect(out.lines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual([
      'Nest application successfully started',
    ]);
  });
});

describe('request logging', () => {
  async function requestsLoggedAt(level: string, paths: string[]) {
    const out = capture();
    const fastify = Fastify({
      loggerInstance: createLogger(level, { pretty: false, destination: out.stream }),
      logController: new RequestLogController(),
    });
    fastify.get('/api/health', () => ({ status: 'ok' }));
    fastify.get('/api/patients', () => []);
    fastify.get('/api/broken', () => {
      throw new Error('boom');
    });
    fastify.get('/assets/app.js', () => '');
    const address = await fastify.listen({ port: 0, host: '127.0.0.1' });
    try {
      for (const path of paths) await (await fetch(address + path)).text();
    } finally {
      await fastify.close();
    }
    return out.lines
      .map((line) => JSON.parse(line) as { msg: string; level: number; req?: { path: string } })
      .filter((entry) => entry.msg === 'request completed')
      .map((entry) => `${entry.level} ${entry.req?.path}`);
  }

  it('logs API requests at info, health probes and static files only at debug, failures always', async () => {
    const paths = ['/api/health', '/assets/app.js', '/api/patients?mrn=MRN-7', '/api/broken'];
    expect(await requestsLoggedAt('info', paths)).toEqual(['30 /api/patients', '50 /api/broken']);
    expect(await requestsLoggedAt('debug', paths)).toEqual([
      '20 /api/health',
      '20 /assets/app.js',
      '30 /api/patients',
      '50 /api/broken',
    ]);
  });
});
