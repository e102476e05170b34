import { Module } from '@nestjs/common';
import { IngestModule } from '../ingest/ingest.module.js';
import { RecordsModule } from '../records/records.module.js';
import { UsersModule } from '../users/users.module.js';
import { DemoSeedService } from './demo-seed.service.js';

@Module({
  imports: [UsersModule, RecordsModule, IngestModule],
  providers: [DemoSeedService],
  exports: [DemoSeedService],
})
export class DemoModule {}
