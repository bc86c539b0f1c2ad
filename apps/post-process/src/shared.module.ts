import { Global, Module, type DynamicModule } from '@nestjs/common';
import { HealthRegistry, ObservabilityModule } from '@issuestream/observability';
import type { PostProcessConfig } from './config';
import { PostProcessResources } from './post-process-resources';

/** Stores shared by every part of the app (errors/…, generic-events/…), opened once. */
@Global()
@Module({})
export class SharedResourcesModule {
  static create(config: PostProcessConfig, env: NodeJS.ProcessEnv): DynamicModule {
    return {
      module: SharedResourcesModule,
      imports: [ObservabilityModule],
      providers: [{ provide: PostProcessResources, inject: [HealthRegistry], useFactory: (health: HealthRegistry) => PostProcessResources.open(config, env, health) }],
      exports: [PostProcessResources],
    };
  }
}
