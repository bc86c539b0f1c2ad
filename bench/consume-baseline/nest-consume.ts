// The Nest side of bench:consume: the same records consumed through the
// transport the apps use (a hybrid app whose @EventPattern controller the
// KafkaBatchTransport calls once per batch), and the cost Nest adds to one
// handler call, measured apart from Kafka.
import { INVALID_SPAN_CONTEXT, trace } from '@opentelemetry/api';
import { Controller, Inject, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, NestMicroservice, Payload } from '@nestjs/microservices';
import { connectKafkaConsumer, KafkaBatchContext, type ConnectionOptions, type ConsumedMessage, type Decoder, type KafkaBatch, type KafkaBatchTransport, type RuntimeTuning } from '@issuestream/kafka';
import { ObservabilityModule } from '@issuestream/observability';
import { uniqueName } from '@issuestream/testing';

const PATTERN = 'test-record';

/** Counts what the controller was handed; the bench's only "work". */
export class Tally {
  seen = 0;
  constructor(private readonly onBatch: (seen: number) => void = () => undefined) {}

  add(count: number): void {
    this.seen += count;
    this.onBatch(this.seen);
  }
}

@Controller()
class BenchRecordsController {
  constructor(@Inject(Tally) private readonly tally: Tally) {}

  @EventPattern(PATTERN)
  async handle(@Payload() batch: KafkaBatch<unknown>, @Ctx() _context: KafkaBatchContext): Promise<void> {
    this.tally.add(batch.length);
  }
}

@Module({})
class BenchModule {}

interface NestConsumeOptions {
  connection: ConnectionOptions;
  topic: string;
  tuning: RuntimeTuning;
  decode: Decoder<unknown>;
}

async function createBenchApp(tally: Tally, { connection, topic, tuning, decode }: NestConsumeOptions): Promise<{ app: INestApplication; transport: KafkaBatchTransport }> {
  const app = await NestFactory.create(
    { module: BenchModule, imports: [ObservabilityModule], controllers: [BenchRecordsController], providers: [{ provide: Tally, useValue: tally }] },
    { logger: ['error', 'warn'] },
  );
  const transport = connectKafkaConsumer(app, { connection, groupId: uniqueName('bench-nest'), tuning, decode, topicNames: { [PATTERN]: topic } });
  return { app, transport };
}

/** Seconds from starting the transport (join, fetch, decode, dispatch) to the last of `expected` messages. */
export async function nestConsume(expected: number, options: NestConsumeOptions): Promise<number> {
  let finish: (seconds: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => (finish = resolve));
  let started = 0;
  const tally = new Tally((seen) => {
    if (seen >= expected) finish((performance.now() - started) / 1000);
  });
  const { app } = await createBenchApp(tally, options);
  await app.init();
  started = performance.now();
  await app.startAllMicroservices();
  const seconds = await done;
  await app.close();
  return seconds;
}

/**
 * Microseconds per handler call through Nest (the registered handler: param
 * decorators, filters, the controller method) and per direct method call, for
 * a one-message batch: the most a key group of one message can pay.
 */
export async function dispatchCost(calls: number, options: NestConsumeOptions): Promise<{ nestMicros: number; directMicros: number }> {
  const tally = new Tally();
  const { app, transport } = await createBenchApp(tally, options);
  await app.init();
  const microservice = app.getMicroservices()[0];
  // Registers the handlers without starting the consumer (never listened to, so never registered twice).
  if (!(microservice instanceof NestMicroservice)) throw new Error('no connected microservice');
  microservice.registerListeners();
  const handler = transport.getHandlerByPattern(PATTERN);
  if (!handler) throw new Error(`no handler for ${PATTERN}`);
  const controller = app.get(BenchRecordsController);
  const batch: ConsumedMessage<unknown>[] = [
    { topic: options.topic, partition: 0, offset: '0', key: null, headers: {}, timestamp: '0', raw: Buffer.alloc(0), value: {} },
  ];
  const services = { producer: { send: async () => undefined, disconnect: async () => undefined }, span: trace.wrapSpanContext(INVALID_SPAN_CONTEXT), reject: () => undefined };
  const time = async (call: () => Promise<unknown>): Promise<number> => {
    for (let i = 0; i < 1000; i++) await call();
    const started = performance.now();
    for (let i = 0; i < calls; i++) await call();
    return ((performance.now() - started) * 1000) / calls;
  };
  const nestMicros = await time(() => handler(batch, new KafkaBatchContext(options.topic, batch, services)));
  const directMicros = await time(() => controller.handle(batch, new KafkaBatchContext(options.topic, batch, services)));
  await app.close();
  return { nestMicros, directMicros };
}
