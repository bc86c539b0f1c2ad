import { createCodec } from '@issuestream/schemas';
import { adHocTopics, createProducer, provisionTopics, type MessageProducer } from '@issuestream/kafka';
import { createPgPool } from '@issuestream/storage';
import { startApp, stopApp, testAppEnv, testStackEnv, uniqueName, waitFor, type AppProcess } from '@issuestream/testing';
import type { Pool } from 'pg';

const stack = testStackEnv();
export const connection = { brokers: stack.kafkaBrokers, clientId: 'sample-consumer-test' };
export const codec = createCodec({ registryUrl: stack.schemaRegistryUrl });

/** One isolated run of the sample consumer: its own topic, group, table and port. */
export class SampleConsumerRun {
  readonly topic = uniqueName('sample');
  readonly groupId = uniqueName('sample_group');
  readonly table = uniqueName('sample').toLowerCase();
  readonly httpPort = 20000 + Math.floor(Math.random() * 20000);
  readonly pool: Pool = createPgPool(stack.databaseUrl, { applicationName: 'sample-consumer-test' });
  private producer?: MessageProducer;
  app?: AppProcess;

  async setUp(partitions = 2): Promise<void> {
    await provisionTopics(connection, adHocTopics(this.topic, partitions));
    await codec.registerAll();
    this.producer = await createProducer(connection);
  }

  start(extraEnv: Record<string, string> = {}): AppProcess {
    this.app = startApp(
      'apps/sample-consumer/src/main.ts',
      testAppEnv({
        KAFKA_GROUP_ID: this.groupId,
        SAMPLE_TOPIC: this.topic,
        SAMPLE_TABLE: this.table,
        HTTP_PORT: String(this.httpPort),
        KAFKA_RETRY_INITIAL_MS: '100',
        KAFKA_RETRY_MAX_MS: '1000',
        ...extraEnv,
      }),
    );
    return this.app;
  }

  async waitUntilReady(): Promise<void> {
    await waitFor(
      async () => {
        const response = await fetch(`http://127.0.0.1:${this.httpPort}/readyz`);
        return response.ok;
      },
      { timeoutMs: 60000, description: `sample consumer ready (output: ${this.app?.output().slice(-2000)})` },
    );
  }

  async produce(records: { id: string; seq: number; body: string }[]): Promise<void> {
    const messages = await Promise.all(records.map(async (r) => ({ key: r.id, value: await codec.encode('test-record', r) })));
    await this.producer!.send(this.topic, messages);
  }

  async produceRaw(values: Buffer[]): Promise<void> {
    await this.producer!.send(this.topic, values.map((value) => ({ key: 'raw', value })));
  }

  async rowCount(): Promise<number> {
    const result = await this.pool.query(`SELECT count(*)::int AS n FROM ${this.table}`).catch(() => ({ rows: [{ n: 0 }] }));
    return result.rows[0].n as number;
  }

  async totals(): Promise<{ messages: number; seqSum: number }> {
    const result = await this.pool.query(`SELECT messages::int, seq_sum::bigint FROM ${this.table}_totals WHERE name = 'all'`);
    return { messages: result.rows[0]?.messages ?? 0, seqSum: Number(result.rows[0]?.seq_sum ?? 0) };
  }

  async metric(name: string): Promise<number> {
    const text = await (await fetch(`http://127.0.0.1:${this.httpPort}/metrics`)).text();
    return text
      .split('\n')
      .filter((line) => line.startsWith(name))
      .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
  }

  async tearDown(): Promise<void> {
    await stopApp(this.app, 'SIGKILL');
    await this.producer?.disconnect();
    await this.pool.query(`DROP TABLE IF EXISTS ${this.table}, ${this.table}_totals, ${this.table}_migrations`);
    await this.pool.end();
  }
}

export const records = (count: number, from = 0) =>
  Array.from({ length: count }, (_, i) => ({ id: `r${from + i}`, seq: from + i, body: 'x'.repeat(200) }));

export const seqSum = (count: number) => (count * (count - 1)) / 2;
