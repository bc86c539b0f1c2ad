// Demo for the main command: produces Avro records to the sample topic and
// waits until the sample consumer has stored them in Postgres.
import { randomUUID } from 'node:crypto';
import { createProducer } from '@issuestream/kafka';
import { createCodec } from '@issuestream/schemas';
import { createPgPool } from '@issuestream/storage';
import { waitFor } from '@issuestream/testing';
import { runDemo } from './run-demo';

const COUNT = 100;

async function main(): Promise<void> {
  const env = process.env;
  const brokers = (env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');
  const codec = createCodec({ registryUrl: env['SCHEMA_REGISTRY_URL'] ?? 'http://127.0.0.1:8081/apis/ccompat/v7' });
  const producer = await createProducer({ brokers, clientId: 'sample-demo' });
  const pool = createPgPool(env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/issuestream');
  try {
    const readyUrl = env['SAMPLE_CONSUMER_URL'] ?? 'http://127.0.0.1:3100';
    await waitFor(async () => (await fetch(`${readyUrl}/readyz`)).ok, { timeoutMs: 90000, description: 'sample-consumer ready' });
    const run = randomUUID().slice(0, 8);
    const messages = await Promise.all(
      Array.from({ length: COUNT }, async (_, seq) => {
        const record = { id: `demo-${run}-${seq}`, seq, body: `hello from demo run ${run}` };
        return { key: record.id, value: await codec.encode('test-record', record) };
      }),
    );
    await producer.send('sample-records', messages);
    console.log(`[demo] produced ${COUNT} Avro records to sample-records (run ${run})`);
    const stored = await waitFor(
      async () => {
        const { rows } = await pool.query(`SELECT count(*)::int AS n FROM sample_records WHERE id LIKE $1`, [`demo-${run}-%`]);
        return rows[0].n === COUNT ? rows[0].n : undefined;
      },
      { timeoutMs: 60000, description: `${COUNT} demo rows in sample_records` },
    );
    console.log(`[demo] sample-consumer stored ${stored} rows in Postgres table sample_records`);
  } finally {
    await producer.disconnect();
    await pool.end();
  }
}

runDemo(main);
