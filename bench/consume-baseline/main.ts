// bench/consume-baseline: how much of kafkajs's raw consume speed the runtime
// keeps while decoding and validating Avro. Produces N ~1 KB Avro records to
// a fresh 4-partition topic, then measures in the same run (a) a bare
// eachBatch loop that decodes nothing, (b) the runtime with Avro decode +
// schema validation + a no-op step, and (c) the same through the Nest
// transport the apps use (an @EventPattern controller in a hybrid app). All
// are timed from connecting to the last message (join, fetch, decompression
// included), and each runs three times, in turn, best run counted, to damp
// noise on a 2-core machine. Prints the rates, the ratios b/a and c/a, and
// what Nest adds to one handler call (BENCH_DISPATCH_CALLS calls of a
// one-message batch).
import { bareConsume, ConsumerRuntime, createProducer, defaultTuning, defineRoute, provisionTopics, adHocTopics } from '@issuestream/kafka';
import { createCodec } from '@issuestream/schemas';
import { uniqueName } from '@issuestream/testing';
import { dispatchCost, nestConsume } from './nest-consume';

const env = process.env;
const MESSAGES = Number(env['BENCH_MESSAGES'] ?? 200_000);
const PARTITIONS = 4;
const ROUNDS = Number(env['BENCH_ROUNDS'] ?? 3);
const DISPATCH_CALLS = Number(env['BENCH_DISPATCH_CALLS'] ?? 100_000);
const connection = { brokers: (env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','), clientId: 'bench-consume-baseline' };
const codec = createCodec({ registryUrl: env['SCHEMA_REGISTRY_URL'] ?? 'http://127.0.0.1:8081/apis/ccompat/v7' });

async function produce(topic: string): Promise<void> {
  const producer = await createProducer(connection);
  const started = performance.now();
  const body = 'x'.repeat(980);
  let size = 0;
  const BATCH = 2000;
  for (let from = 0; from < MESSAGES; from += BATCH) {
    const messages = [];
    for (let seq = from; seq < Math.min(from + BATCH, MESSAGES); seq++) {
      const value = await codec.encode('test-record', { id: `m${seq}`, seq, body });
      size = value.length;
      messages.push({ key: String(seq % 1000), value });
    }
    await producer.send(topic, messages);
    if ((from / BATCH) % 20 === 0) process.stdout.write(`\r  produced ${from + messages.length}/${MESSAGES}`);
  }
  await producer.disconnect();
  console.log(`\r  produced ${MESSAGES} messages of ${size} bytes in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

const decodeRecord = codec.recordDecoder('test-record');

async function runtimeConsume(topic: string): Promise<{ seconds: number }> {
  let seen = 0;
  let finish: (seconds: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => (finish = resolve));
  const runtime = new ConsumerRuntime({
    connection,
    groupId: uniqueName('bench-runtime'),
    tuning: { ...defaultTuning, partitionConcurrency: PARTITIONS },
    routes: [
      defineRoute({
        topic,
        decode: (_topic, raw) => decodeRecord(raw),
        handle: async (batch) => {
          seen += batch.length;
          if (seen >= MESSAGES) finish((performance.now() - started) / 1000);
        },
      }),
    ],
  });
  // Timed like the bare loop: from connecting to the last message.
  const started = performance.now();
  await runtime.start();
  const seconds = await done;
  await runtime.stop();
  return { seconds };
}

/**
 * Best time of each measurement over `rounds`, taking them in turn within a
 * round so a burst of load from other processes hits all of them, not one.
 */
async function bestOfInTurn<K extends string>(rounds: number, measures: Record<K, () => Promise<number>>): Promise<Record<K, number>> {
  const names = Object.keys(measures) as K[];
  const best = Object.fromEntries(names.map((name) => [name, Infinity])) as Record<K, number>;
  for (let round = 0; round < rounds; round++) {
    for (const name of names) best[name] = Math.min(best[name], await measures[name]());
  }
  return best;
}

async function main(): Promise<void> {
  await codec.registerAll();
  const topic = uniqueName('bench_consume');
  await provisionTopics(connection, adHocTopics(topic, PARTITIONS));
  console.log(`consume-baseline: ${MESSAGES} messages, ${PARTITIONS} partitions, topic ${topic}`);
  await produce(topic);
  const nestOptions = { connection, topic, tuning: { ...defaultTuning, partitionConcurrency: PARTITIONS }, decode: (_pattern: string, raw: Buffer) => decodeRecord(raw) };
  const seconds = await bestOfInTurn(ROUNDS, {
    bare: async () => (await bareConsume(connection, topic, MESSAGES)).seconds,
    runtime: async () => (await runtimeConsume(topic)).seconds,
    nest: () => nestConsume(MESSAGES, nestOptions),
  });
  const rate = (name: keyof typeof seconds) => MESSAGES / seconds[name];
  const line = (label: string, name: keyof typeof seconds) =>
    console.log(`  ${label}: ${Math.round(rate(name))} msg/s (best of ${ROUNDS}: ${seconds[name].toFixed(2)} s)`);
  line('(a) bare kafkajs eachBatch, no decoding', 'bare');
  line('(b) runtime, Avro decode + validate + no-op step', 'runtime');
  line('(c) Nest transport, @EventPattern controller, same decode + no-op', 'nest');
  for (const [label, name] of [['b/a', 'runtime'], ['c/a', 'nest']] as const) {
    const ratio = rate(name) / rate('bare');
    console.log(`  ratio ${label}: ${ratio.toFixed(2)} (target >= 0.60: ${ratio >= 0.6 ? 'met' : 'NOT met'})`);
  }
  const { nestMicros, directMicros } = await dispatchCost(DISPATCH_CALLS, nestOptions);
  console.log(`  one handler call through Nest: ${nestMicros.toFixed(2)} µs, direct: ${directMicros.toFixed(2)} µs (${DISPATCH_CALLS} calls of a 1-message batch; a 1000-message batch pays it once)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
