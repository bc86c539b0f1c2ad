import type { INestApplication } from '@nestjs/common';
import { NestMicroservice, type MicroserviceOptions } from '@nestjs/microservices';
import { HealthRegistry } from '@issuestream/observability';
import { DeadLetterFilter } from './dead-letter.filter';
import { KafkaBatchTransport, type KafkaBatchTransportOptions } from './kafka-batch.transport';

/**
 * Makes an HTTP app (health, metrics, debug endpoints) a hybrid app whose
 * `@EventPattern` controllers consume Kafka through the batched transport.
 * Start it with `startHybridApp` (or `runNestApp`): init, then the consumer,
 * then HTTP.
 *
 * Nest registers a hybrid app's handlers as soon as it is connected, before
 * global filters could be added; deferring that registration to start-up lets
 * the dead-letter filter cover every handler. The app's own init runs the
 * lifecycle hooks, so the microservice must not run them a second time.
 */
export function connectKafkaConsumer(app: INestApplication, options: KafkaBatchTransportOptions): KafkaBatchTransport {
  const transport = new KafkaBatchTransport(options);
  const microservice = app.connectMicroservice<MicroserviceOptions>({ strategy: transport }, { deferInitialization: true });
  if (microservice instanceof NestMicroservice) microservice.setIsInitHookCalled(true);
  microservice.useGlobalFilters(new DeadLetterFilter());
  app.get(HealthRegistry).register({
    name: 'kafka-consumer',
    check: async () => {
      if (!transport.isJoined) throw new Error(`not a member of consumer group ${options.groupId}`);
    },
  });
  return transport;
}

/** Lifecycle hooks first (stores migrated, caches warm), then the consumer, then the HTTP port. */
export async function startHybridApp(app: INestApplication, port: number, host: string): Promise<void> {
  await app.init();
  await app.startAllMicroservices();
  await app.listen(port, host);
}
