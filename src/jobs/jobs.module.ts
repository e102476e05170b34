import { Module } from '@nestjs/common';
import { ForegroundLoad } from './foreground-load.js';
import { JobsService } from './jobs.service.js';

/**
 * The pg-boss wrapper, and ForegroundLoad (background work yields to waiting senders). Import it where jobs are sent or worked (not global: its shutdown then runs
 * after the modules that use it and before the database closes).
 */
@Module({
  providers: [JobsService, { provide: ForegroundLoad, useFactory: () => new ForegroundLoad() }],
  exports: [JobsService, ForegroundLoad],
})
export class JobsModule {}
