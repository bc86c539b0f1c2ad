import { Module, type DynamicModule } from '@nestjs/common';
import { HealthRegistry, ObservabilityModule } from '@issuestream/observability';
import { createPgPool } from '@issuestream/storage';
import type { SampleConsumerConfig } from './config';
import { SampleRecordsController } from './sample-records.controller';
import { SampleRecordsStore } from './sample-records.store';

/** Wiring only: config → storage → the controller whose @EventPattern consumes the sample topic. */
@Module({})
export class SampleConsumerModule {
  static create(config: SampleConsumerConfig): DynamicModule {
    return {
      module: SampleConsumerModule,
      imports: [ObservabilityModule],
      controllers: [SampleRecordsController],
      providers: [
        {
          provide: SampleRecordsStore,
          inject: [HealthRegistry],
          useFactory: async (health: HealthRegistry) => {
            const pool = createPgPool(config.DATABASE_URL, { applicationName: 'sample-consumer' });
            health.register({ name: 'postgres', check: async () => void (await pool.query('SELECT 1')) });
            const store = new SampleRecordsStore(pool, config.SAMPLE_TABLE, config.SAMPLE_WORK_MS);
            await store.migrate();
            return store;
          },
        },
      ],
    };
  }
}
