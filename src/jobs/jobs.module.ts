import { Module } from '@nestjs/common';
import { JobsService } from './jobs.service.js';

/**
 * The pg-boss wrapper. Import it where jobs are sent or worked (not global: its shutdown then runs
 * after the modules that use it and before the database closes).
 */
@Module({ providers: [JobsService], exports: [JobsService] })
export class JobsModule {}
