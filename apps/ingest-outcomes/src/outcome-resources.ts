import type { ClickHouseClient } from '@clickhouse/client';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { HealthRegistry } from '@issuestream/observability';
import { outcomesClickHouseMigrations, OUTCOMES_MIGRATIONS_TABLE } from '@issuestream/outcomes-data';
import { createClickHouse, migrateClickHouse, storageConfigFromEnv } from '@issuestream/storage';

/** ClickHouse, migrated before consuming starts and closed after the last batch is committed. */
@Injectable()
export class OutcomeResources implements OnApplicationShutdown {
  private constructor(readonly clickhouse: ClickHouseClient) {}

  static async open(env: NodeJS.ProcessEnv, health: HealthRegistry): Promise<OutcomeResources> {
    const clickhouse = await createClickHouse(storageConfigFromEnv(env).clickhouse);
    await migrateClickHouse(clickhouse, outcomesClickHouseMigrations, { table: OUTCOMES_MIGRATIONS_TABLE });
    health.register({ name: 'clickhouse', check: async () => void (await clickhouse.ping()) });
    return new OutcomeResources(clickhouse);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.clickhouse.close();
  }
}
