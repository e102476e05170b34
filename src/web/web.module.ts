import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../database/paths.js';
import { registerWebClient } from './web-client.js';

export const WEB_DIST_DIR = join(PROJECT_ROOT, 'web', 'dist');

/** The clinician/compliance/admin web client, served from the same origin as the API. */
@Module({})
export class WebModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  async onModuleInit(): Promise<void> {
    // The CLI boots an application context without an HTTP server: nothing to serve there.
    if (!this.adapterHost.httpAdapter) return;
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    await registerWebClient(fastify, WEB_DIST_DIR);
  }
}
