import { Inject, Injectable } from '@nestjs/common';
import pg from 'pg';
import { migrationNames } from '../database/migrations/migration-files.js';
import { pendingMigrations } from '../database/migrations/migration-runner.js';
import { MIGRATIONS_DIR } from '../database/paths.js';
import { PG_POOL } from '../database/prisma.service.js';

export interface ComponentHealth {
  status: 'up' | 'down';
  [detail: string]: unknown;
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  uptimeSeconds: number;
  components: Record<string, ComponentHealth>;
}

/** Other modules (embeddings, jobs) add their component here as they land. */
export interface HealthIndicator {
  name: string;
  check(): Promise<ComponentHealth>;
}

export const HEALTH_INDICATORS = Symbol('HEALTH_INDICATORS');

@Injectable()
export class HealthService {
  private readonly indicators: HealthIndicator[] = [];
  /**
   * The migrations this build ships, read once: a load balancer polls health several times a
   * second, and reading and hashing every migration file on each poll cost more than the rest.
   */
  private readonly migrations = migrationNames(MIGRATIONS_DIR);

  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  register(indicator: HealthIndicator): void {
    this.indicators.push(indicator);
  }

  async report(): Promise<HealthReport> {
    const checks = [{ name: 'database', check: () => this.database() }, ...this.indicators];
    const results = await Promise.all(
      checks.map(
        async ({ name, check }) =>
          [name, await check().catch((): ComponentHealth => ({ status: 'down' }))] as const,
      ),
    );
    const components = Object.fromEntries(results);
    const ok = results.every(([, health]) => health.status === 'up');
    return { status: ok ? 'ok' : 'degraded', uptimeSeconds: Math.round(process.uptime()), components };
  }

  private async database(): Promise<ComponentHealth> {
    const started = performance.now();
    const { rows } = await this.pool.query<{ version: string }>('SHOW server_version');
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    const pending = await pendingMigrations(this.pool, this.migrations);
    return {
      status: pending.length ? 'down' : 'up',
      serverVersion: rows[0]?.version,
      latencyMs,
      migrations: { pending },
    };
  }
}
