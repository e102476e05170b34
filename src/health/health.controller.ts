import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../common/route-decorators.js';
import { HealthService, type HealthReport } from './health.service.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** Liveness and readiness: 200 when every component is up, 503 otherwise (same body). */
  @Public()
  @Get()
  @ApiOkResponse({
    description:
      'Status of the database, migrations and other components (503 with the same body when one is down)',
    schema: {
      type: 'object',
      required: ['status', 'uptimeSeconds', 'components'],
      properties: {
        status: { type: 'string', enum: ['ok', 'degraded'], example: 'ok' },
        uptimeSeconds: { type: 'integer', example: 42 },
        components: {
          type: 'object',
          description:
            'per component: its status and details (database latency and pending migrations, embedding model)',
          additionalProperties: {
            type: 'object',
            required: ['status'],
            properties: { status: { type: 'string', enum: ['up', 'down'], example: 'up' } },
            additionalProperties: true,
          },
          example: { database: { status: 'up', latencyMs: 1.2, migrations: { pending: [] } } },
        },
      },
    },
  })
  @ApiOperation({ summary: 'Liveness and readiness: database, migrations, embeddings' })
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport> {
    const report = await this.health.report();
    if (report.status !== 'ok') void reply.status(503);
    return report;
  }
}
