import { Module } from '@nestjs/common';
import { RecordsModule } from '../records/records.module.js';
import { UsersModule } from '../users/users.module.js';
import { DemoSeedService } from './demo-seed.service.js';

@Module({ imports: [UsersModule, RecordsModule], providers: [DemoSeedService], exports: [DemoSeedService] })
export class DemoModule {}
