import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { HealthRegistry } from '@issuestream/observability';
import { createRedis, storageConfigFromEnv } from '@issuestream/storage';
import type { Redis } from 'ioredis';
import { API_CONFIG } from '../tokens';
import type { ApiConfig } from '../config';

export const STATS_ENV = Symbol('STATS_ENV');

/** Redis, where the relay keeps the SDK heartbeats; opened before listening. */
@Injectable()
export class StatsResources implements OnApplicationShutdown {
  readonly redis: Redis;
  readonly outcomesStatsUrl: string;
  readonly outcomesStatsTimeoutMs: number;

  constructor(@Inject(API_CONFIG) config: ApiConfig, @Inject(STATS_ENV) env: NodeJS.ProcessEnv, health: HealthRegistry) {
    this.redis = createRedis(storageConfigFromEnv(env).redis.url, { connectionName: 'api' });
    this.outcomesStatsUrl = config.OUTCOMES_STATS_URL;
    this.outcomesStatsTimeoutMs = config.OUTCOMES_STATS_TIMEOUT_MS;
    health.register({ name: 'redis', check: async () => void (await this.redis.ping()) });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
