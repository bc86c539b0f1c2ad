// bench/consume-baseline: how much of kafkajs's raw consume speed the runtime
// keeps while decoding and validating Avro. Produces N ~1 KB Avro records to
// a fresh 4-partition topic, then measures in the same run (a) a bare
// eachBatch loop that decodes nothing and (b) the runtime with Avro decode +
// schema validation + a no-op step. Both are timed from connecting to the
// last message (join, fetch, decompression included), and each runs three
// times, best run counted, to damp noise on a 2-core machine. Prints both
// rates and the ratio b/a.
import { bareConsume, ConsumerRuntime, createProducer, defaultTuning, defineRoute, provisionTopics, adHocTopics } from '@issuestream/kafka';
import { createCodec } from '@issuestream/schemas';
import { uniqueName } from '@issuestream/testing';

const env = process.env;
const MESSAGES = Number(env['BENCH_MESSAGES'] ?? 200_000);
const PARTITIONS = 4;
const ROUNDS = Number(env['BENCH_ROUNDS'] ?? 3);
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

async function bestOf(rounds: number, measure: () => Promise<number>): Promise<number> {
  let best = Infinity;
  for (let round = 0; round < rounds; round++) best = Math.min(best, await measure());
  return best;
}

async function main(): Promise<void> {
  await codec.registerAll();
  const topic = uniqueName('bench_consume');
  await provisionTopics(connection, adHocTopics(topic, PARTITIONS));
  console.log(`consume-baseline: ${MESSAGES} messages, ${PARTITIONS} partitions, topic ${topic}`);
  await produce(topic);
  const bareSeconds = await bestOf(ROUNDS, async () => (await bareConsume(connection, topic, MESSAGES)).seconds);
  const bareRate = MESSAGES / bareSeconds;
  console.log(`  (a) bare kafkajs eachBatch, no decoding: ${Math.round(bareRate)} msg/s (best of ${ROUNDS}: ${bareSeconds.toFixed(2)} s)`);
  const runtimeSeconds = await bestOf(ROUNDS, async () => (await runtimeConsume(topic)).seconds);
  const runtimeRate = MESSAGES / runtimeSeconds;
  console.log(`  (b) runtime, Avro decode + validate + no-op step: ${Math.round(runtimeRate)} msg/s (best of ${ROUNDS}: ${runtimeSeconds.toFixed(2)} s)`);
  const ratio = runtimeRate / bareRate;
  console.log(`  ratio b/a: ${ratio.toFixed(2)} (target >= 0.60: ${ratio >= 0.6 ? 'met' : 'NOT met'})`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
