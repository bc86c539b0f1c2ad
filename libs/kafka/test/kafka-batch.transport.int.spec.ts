import { Catch, Controller, Inject, Module, UseFilters, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { context as otelContext, propagation, trace } from '@opentelemetry/api';
import { headerCarrier, installTracing, ObservabilityModule } from '@issuestream/observability';
import { uniqueName, waitFor } from '@issuestream/testing';
import {
  connectKafkaConsumer, DeadLetterFilter, deadLetterTopic, groupLag, InvalidMessageError, keyedBy, readTopic, startHybridApp,
  type KafkaBatch, type KafkaBatchContext, type RuntimeTuning,
} from '../src';
import { connection, decodeTestEvent, fastTuning, freshTopic, produceEvents, type TestEvent } from './harness';

/** What one test makes its handler do with each call. */
type Script = (batch: KafkaBatch<TestEvent>, context: KafkaBatchContext) => Promise<void>;
const SCRIPT = Symbol('script');

installTracing();

/** A typed error an app would map to a reason of its own with a filter. */
class UnknownTenantError extends Error {}

@Catch(UnknownTenantError)
class UnknownTenantFilter extends DeadLetterFilter {
  protected override verdict(error: unknown) {
    return { reason: 'unknown_tenant', detail: String(error) };
  }
}

@Controller()
class EventsController {
  constructor(@Inject(SCRIPT) private readonly script: Script) {}

  @EventPattern('events')
  handle(@Payload() batch: KafkaBatch<TestEvent>, @Ctx() context: KafkaBatchContext): Promise<void> {
    return this.script(batch, context);
  }
}

@UseFilters(UnknownTenantFilter)
@Controller()
class KeyedEventsController {
  constructor(@Inject(SCRIPT) private readonly script: Script) {}

  @EventPattern('events', keyedBy<TestEvent>((message) => message.value.key))
  handle(@Payload() batch: KafkaBatch<TestEvent>, @Ctx() context: KafkaBatchContext): Promise<void> {
    return this.script(batch, context);
  }
}

@Module({})
class TransportTestModule {}

const apps: INestApplication[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

/** A hybrid app (health over HTTP, the consumer as its microservice) consuming `topic` as pattern 'events'. */
async function startConsumer(
  topic: string,
  controller: Type,
  script: Script,
  options: { groupId?: string; tuning?: RuntimeTuning } = {},
): Promise<INestApplication> {
  const app = await NestFactory.create(
    { module: TransportTestModule, imports: [ObservabilityModule], controllers: [controller], providers: [{ provide: SCRIPT, useValue: script }] },
    { logger: ['error'] },
  );
  apps.push(app);
  connectKafkaConsumer(app, {
    connection,
    groupId: options.groupId ?? uniqueName('transport_group'),
    tuning: options.tuning ?? fastTuning(),
    decode: decodeTestEvent,
    topicNames: { events: topic },
    onFatal: (error) => {
      throw error;
    },
  });
  await startHybridApp(app, 0, '127.0.0.1');
  return app;
}

describe('KafkaBatchTransport: @EventPattern controllers on the batched runtime (real broker)', () => {
  it('hands a typed batch with its topic, partitions, offsets and headers inside the batch span, and reports readiness', async () => {
    const topic = await freshTopic(2);
    const calls: Array<{ topic: string; partitions: number[]; offsets: ReturnType<KafkaBatchContext['getOffsets']>; batch: KafkaBatch<TestEvent>; headers: string[]; traceId?: string; inBatchSpan: boolean }> = [];
    const app = await startConsumer(topic, EventsController, async (batch, context) => {
      const active = trace.getActiveSpan();
      calls.push({
        topic: context.getTopic(),
        partitions: context.getPartitions(),
        offsets: context.getOffsets(),
        batch,
        headers: context.getHeaders().map((headers) => String(headers['x-origin'])),
        traceId: active?.spanContext().traceId,
        inBatchSpan: active === context.span,
      });
    });
    const sdkSpan = trace.getTracer('test').startSpan('sdk request');
    const headers: Record<string, string> = { 'x-origin': 'sdk' };
    propagation.inject(trace.setSpan(otelContext.active(), sdkSpan), headers, headerCarrier);
    sdkSpan.end();
    await produceEvents(topic, Array.from({ length: 12 }, (_, seq) => ({ key: `k${seq % 4}`, seq })), headers);
    await waitFor(() => calls.flatMap((call) => call.batch).length === 12, { description: '12 messages handled' });

    const messages = calls.flatMap((call) => call.batch);
    expect(messages.map((m) => m.value.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, seq) => seq));
    for (const call of calls) {
      expect(call.topic).toBe(topic);
      expect(call).toMatchObject({ traceId: sdkSpan.spanContext().traceId, inBatchSpan: true });
      expect(call.headers.every((origin) => origin === 'sdk')).toBe(true);
      expect(call.partitions).toEqual([...new Set(call.batch.map((m) => m.partition))]);
      for (const { partition, first, last } of call.offsets) {
        const offsets = call.batch.filter((m) => m.partition === partition).map((m) => m.offset);
        expect([first, last]).toEqual([offsets[0], offsets[offsets.length - 1]]);
      }
    }
    const readiness = await fetch(`${await app.getUrl()}/readyz`);
    expect(readiness.status).toBe(200);
    expect(await readiness.json()).toMatchObject({ checks: { 'kafka-consumer': { ok: true } } });
  });

  it('dead-letters a key group whose call threw an invalid-message error (its reason) or a typed error a filter maps, and stores the rest', async () => {
    const topic = await freshTopic(1);
    const stored: number[] = [];
    const groups: string[][] = [];
    await startConsumer(topic, KeyedEventsController, async (batch) => {
      groups.push([...new Set(batch.map((m) => m.value.key))]);
      const key = batch[0]!.value.key;
      if (key === 'bad') throw new InvalidMessageError('bad_payload', 'seq: the test marked it bad');
      if (key === 'tenant') throw new UnknownTenantError('project 42 does not exist');
      stored.push(...batch.map((m) => m.value.seq));
    });
    await produceEvents(topic, [
      { key: 'good', seq: 0 },
      { key: 'bad', seq: 1 },
      { key: 'tenant', seq: 2 },
      { key: 'good', seq: 3 },
      { key: 'bad', seq: 4 },
    ]);
    const letters = await readTopic(connection, deadLetterTopic(topic), { until: (m) => m.length >= 3 });
    expect(letters.map((l) => [l.headers['x-dlq-source-offset'], l.headers['x-dlq-reason']])).toEqual([
      ['1', 'bad_payload'],
      ['2', 'unknown_tenant'],
      ['4', 'bad_payload'],
    ]);
    expect(letters[0]!.headers['x-dlq-error']).toMatch(/marked it bad/);
    expect(letters[1]!.headers['x-dlq-error']).toMatch(/project 42/);
    await waitFor(() => stored.length === 2, { description: 'the good key group stored' });
    expect(stored).toEqual([0, 3]);
    expect(groups.every((keys) => keys.length === 1)).toBe(true);
  });

  it('retries a batch whose handler failed transiently, skipping nothing', async () => {
    const topic = await freshTopic(1);
    let failuresLeft = 2;
    let calls = 0;
    const stored = new Set<number>();
    await startConsumer(topic, EventsController, async (batch) => {
      calls++;
      if (failuresLeft-- > 0) throw new Error('connection terminated unexpectedly');
      batch.forEach((m) => stored.add(m.value.seq));
    });
    await produceEvents(topic, Array.from({ length: 20 }, (_, seq) => ({ key: 'k', seq })));
    await waitFor(() => stored.size === 20, { description: 'all 20 messages after the retries' });
    expect(calls).toBeGreaterThanOrEqual(3);
  });

  it('commits a batch only once its handler has resolved', async () => {
    const topic = await freshTopic(1);
    const groupId = uniqueName('transport_group');
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let blockedFrom: string | undefined;
    await startConsumer(
      topic,
      EventsController,
      async (batch) => {
        if (!batch.some((m) => m.offset === '7')) return;
        blockedFrom = batch[0]!.offset;
        await gate;
      },
      { groupId, tuning: fastTuning({ limits: { maxMessages: 5, maxBytes: 1024 * 1024, maxWaitMs: 100, minBytes: 1 }, commitIntervalMs: 0 }) },
    );
    await produceEvents(topic, Array.from({ length: 10 }, (_, seq) => ({ key: 'k', seq })));
    const first = await waitFor(() => blockedFrom, { description: 'the handler to hold the batch with offset 7' });
    const committed = async () => (await groupLag(connection, groupId, topic))[0]!.committed;
    // Earlier batches are committed; the held one is not, however long it is held.
    await waitFor(async () => (await committed()) === first, { description: `the commit up to offset ${first}` });
    expect(await committed()).toBe(first);
    release();
    await waitFor(async () => (await committed()) === '10', { description: 'the commit past the released batch' });
  });
});
