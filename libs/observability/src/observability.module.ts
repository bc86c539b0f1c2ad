import { Global, Module, type OnApplicationShutdown } from '@nestjs/common';
import { HealthController } from './health.controller';
import { HealthRegistry } from './health-registry';
import { flushTraces } from './tracing';

/**
 * Adds `/livez`, `/readyz` and `/metrics` to an app; components register
 * readiness checks. On shutdown it sends the spans still queued for export.
 */
@Global()
@Module({
  controllers: [HealthController],
  providers: [HealthRegistry],
  exports: [HealthRegistry],
})
export class ObservabilityModule implements OnApplicationShutdown {
  onApplicationShutdown(): Promise<void> {
    return flushTraces();
  }
}
