import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../../src/database/paths.js';

/**
 * No Docker engine (nor the compose plugin) exists on the build machines, so the compose file is
 * checked here against the rules that matter: PostgreSQL 17 with a health check and a volume, the
 * app built from the Dockerfile, secrets required with `${VAR:?}`, and a GPU profile.
 */
interface Service {
  image?: string;
  command?: string[];
  secrets?: string[];
  build?: { context: string; args?: Record<string, string> };
  profiles?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  deploy?: { resources: { reservations: { devices: { driver: string; capabilities: string[] }[] } } };
}

const text = readFileSync(join(PROJECT_ROOT, 'docker-compose.yml'), 'utf8');
const compose = parse(text, { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const dockerfile = readFileSync(join(PROJECT_ROOT, 'Dockerfile'), 'utf8');

describe('docker-compose.yml', () => {
  const { db, app } = compose.services as Record<string, Service>;
  const gpu = compose.services['app-gpu']!;

  it('runs PostgreSQL 17 with a health check and a named volume', () => {
    expect(db!.image).toMatch(/^postgres:17/);
    expect(db!.healthcheck?.test.join(' ')).toContain('pg_isready');
    expect(db!.volumes?.[0]).toMatch(/^pgdata:/);
    expect(compose.volumes).toHaveProperty('pgdata');
  });

  it('builds the app from the Dockerfile and waits for a healthy database', () => {
    for (const service of [app!, gpu]) {
      expect(service.build?.context).toBe('.');
      expect(service.depends_on?.db?.condition).toBe('service_healthy');
      expect(service.environment?.NODE_ENV).toBe('production');
    }
  });

  it('requires every secret instead of defaulting it', () => {
    for (const service of [db!, app!, gpu]) {
      for (const [name, value] of Object.entries(service.environment ?? {})) {
        if (/PASSWORD|KEK|DATABASE_URL/.test(name)) expect(`${name}=${value}`).toMatch(/\$\{[A-Z0-9_]+:\?/);
      }
    }
    expect(text).not.toMatch(/PASSWORD:-|KEK_BASE64:-/);
  });

  it('migrates as the owner and runs the app as a role that owns nothing, with the witness outside DATA_DIR', () => {
    const migrate = compose.services.migrate!;
    const owner = db!.environment!.POSTGRES_USER!;
    const user = (url: string) => /^postgresql:\/\/([^:@]+)/.exec(url)?.[1];
    expect(migrate.command).toEqual(['node', 'dist/cli/main.js', 'db:migrate']);
    expect(user(migrate.environment!.DATABASE_OWNER_URL!)).toBe(owner);
    for (const service of [app!, gpu]) {
      expect(service.depends_on?.migrate?.condition).toBe('service_completed_successfully');
      expect(user(service.environment!.DATABASE_URL!)).not.toBe(owner);
      expect(Object.keys(service.environment!)).not.toContain('DATABASE_OWNER_URL');
      expect(JSON.stringify(service.environment)).not.toContain('POSTGRES_PASSWORD');
      const witness = service.environment!.AUDIT_WITNESS_DIR!;
      expect(witness.startsWith(`${service.environment!.DATA_DIR}/`)).toBe(false);
      expect(service.volumes?.some((v) => v.endsWith(`:${witness}`))).toBe(true);
      expect(service.secrets).toContain('audit_signing_key');
    }
    expect(db!.volumes?.join(' ')).not.toMatch(/witness/);
  });

  it('has a gpu profile that installs the CUDA provider and reserves an NVIDIA device', () => {
    expect(gpu.profiles).toEqual(['gpu']);
    expect(gpu.build?.args?.ONNXRUNTIME_NODE_INSTALL).toBe('cuda12');
    expect(gpu.environment?.EMBEDDING_DEVICE).toBe('cuda');
    const device = gpu.deploy!.resources.reservations.devices[0]!;
    expect(device.driver).toBe('nvidia');
    expect(device.capabilities).toContain('gpu');
    expect(app!.profiles).toBeUndefined();
  });
});

describe('Dockerfile', () => {
  it('is multi-stage, installs production dependencies only and runs as a non-root user', () => {
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/^USER (?!root)\w+/m);
    expect(dockerfile).toMatch(/node:24/);
  });
});
