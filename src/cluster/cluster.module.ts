import { Global, Module } from '@nestjs/common';
import { ClusterEvents } from './cluster-events.js';

/** Cross-node cache invalidation (LISTEN/NOTIFY on one channel); see cluster-events.ts. */
@Global()
@Module({ providers: [ClusterEvents], exports: [ClusterEvents] })
export class ClusterModule {}
