import { Module, type DynamicModule } from '@nestjs/common';
import { HealthRegistry, ObservabilityModule } from '@issuestream/observability';
import { OutcomeResources } from './outcome-resources';
import { OutcomeStatsController } from './outcome-stats.controller';
import { OutcomesController } from './outcomes.controller';

/** Wiring only: ClickHouse → the controller whose @EventPattern consumes outcomes, and the stats read endpoint. */
@Module({})
export class IngestOutcomesModule {
  static create(env: NodeJS.ProcessEnv = process.env): DynamicModule {
    return {
      module: IngestOutcomesModule,
      controllers: [OutcomesController, OutcomeStatsController],
      imports: [ObservabilityModule],
      providers: [{ provide: OutcomeResources, inject: [HealthRegistry], useFactory: (health: HealthRegistry) => OutcomeResources.open(env, health) }],
      exports: [OutcomeResources],
    };
  }
}
