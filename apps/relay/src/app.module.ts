import { Module, type DynamicModule } from '@nestjs/common';
import { HealthRegistry, ObservabilityModule } from '@issuestream/observability';
import type { RelayConfig } from './config';
import { RelayController } from './relay.controller';
import { RelayEndpoint } from './relay-endpoint';
import { RelayResources } from './relay-resources';
import { RELAY_CONFIG, RelayService } from './relay.service';

/** Wiring only: config → stores, producer, codec → the envelope and store endpoints. */
@Module({})
export class RelayModule {
  static create(config: RelayConfig, env: NodeJS.ProcessEnv = process.env): DynamicModule {
    return {
      module: RelayModule,
      imports: [ObservabilityModule],
      controllers: [RelayController],
      providers: [
        { provide: RELAY_CONFIG, useValue: config },
        { provide: RelayResources, inject: [HealthRegistry], useFactory: (health: HealthRegistry) => RelayResources.open(config, env, health) },
        RelayService,
        RelayEndpoint,
      ],
      exports: [RelayResources],
    };
  }
}
