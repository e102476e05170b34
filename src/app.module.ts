import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { AccessGuard } from './access/access.guard.js';
import { SealedBreakGlassReasons } from './access/break-glass-reason.js';
import { AuthModule } from './auth/auth.module.js';
import { ClusterModule } from './cluster/cluster.module.js';
import { AuditModule } from './audit/audit.module.js';
import { ConfigModule } from './config/config.module.js';
import { CryptoModule } from './crypto/crypto.module.js';
import { RecordsModule } from './records/records.module.js';
import { ReportsModule } from './reports/reports.module.js';
import type { AppConfig } from './config/config.schema.js';
import { DatabaseModule } from './database/database.module.js';
import { EmbeddingsModule } from './embeddings/embeddings.module.js';
import { RetrievalModule } from './retrieval/retrieval.module.js';
import { HealthModule } from './health/health.module.js';
import { UsersModule } from './users/users.module.js';
import { WebModule } from './web/web.module.js';
import { IngestModule } from './ingest/ingest.module.js';
import { DemoModule } from './demo/demo.module.js';

export interface AppOptions {
  config: AppConfig;
  databaseUrl: string;
}

@Module({})
export class AppModule {
  static forRoot({ config, databaseUrl }: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(databaseUrl),
        ClusterModule,
        AuditModule.forRoot({ breakGlassReasons: SealedBreakGlassReasons }),
        CryptoModule,
        RecordsModule,
        ReportsModule,
        HealthModule,
        EmbeddingsModule,
        RetrievalModule,
        IngestModule,
        UsersModule,
        AuthModule,
        DiscoveryModule,
        WebModule,
        DemoModule,
      ],
      providers: [{ provide: APP_GUARD, useClass: AccessGuard }],
    };
  }
}
