import { deadLetterTopic, groupLag, readTopic } from '@issuestream/kafka';
import { waitFor } from '@issuestream/testing';
import { connection, records, SampleConsumerRun, seqSum } from './sample-consumer.harness';

jest.setTimeout(180000);

describe('sample consumer (real Kafka, registry and Postgres)', () => {
  let run: SampleConsumerRun;
  beforeEach(async () => {
    run = new SampleConsumerRun();
    await run.setUp();
  });
  afterEach(() => run.tearDown());

  it('dead-letters poison with its reason and offset while later messages are stored', async () => {
    run.start();
    await run.waitUntilReady();
    await run.produceRaw([Buffer.from('plain text, no encoding marker')]);
    await run.produce([{ id: '', seq: 0, body: 'empty id' }]);
    const wrongSchema = Buffer.concat([Buffer.from([0, 0x7f, 0xff, 0xff, 0xf0]), Buffer.from('nope')]);
    await run.produceRaw([wrongSchema]);
    await run.produce(records(50));
    await waitFor(async () => (await run.rowCount()) === 50, { description: '50 rows' });
    const letters = await readTopic(connection, deadLetterTopic(run.topic), { until: (m) => m.length >= 3 });
    const reasons = letters.map((l) => l.headers['x-dlq-reason']).sort();
    expect(reasons).toEqual(['missing_id', 'unknown_encoding', 'unknown_schema_id'].sort());
    for (const letter of letters) {
      expect(letter.headers['x-dlq-source-topic']).toBe(run.topic);
      expect(letter.headers['x-dlq-source-offset']).toMatch(/^\d+$/);
      expect(letter.headers['x-dlq-error']?.length).toBeGreaterThan(0);
    }
    expect(await run.totals()).toEqual({ messages: 50, seqSum: seqSum(50) });
  });

  it('retries when Postgres kills its connection mid-batch, losing and duplicating nothing', async () => {
    run.start({ SAMPLE_WORK_MS: '300' });
    await run.waitUntilReady();
    await run.produce(records(200));
    const killed = await waitFor(
      async () => {
        const result = await run.pool.query(
          `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
           WHERE application_name = 'sample-consumer' AND query LIKE '%pg_sleep%' AND state = 'active'`,
        );
        return result.rows[0].n > 0 || undefined;
      },
      { description: 'a sample-consumer backend to kill mid-batch', intervalMs: 20 },
    );
    expect(killed).toBe(true);
    await waitFor(async () => (await run.rowCount()) === 200, { timeoutMs: 60000, description: '200 rows' });
    expect(await run.totals()).toEqual({ messages: 200, seqSum: seqSum(200) });
    expect(await run.metric('issuestream_consumer_retries_total')).toBeGreaterThan(0);
  });

  it('survives SIGKILL mid-batch: after restart every record is stored exactly once', async () => {
    const app = run.start({ SAMPLE_WORK_MS: '400', KAFKA_BATCH_MAX_MESSAGES: '100' });
    await run.waitUntilReady();
    await run.produce(records(1000));
    await waitFor(async () => (await run.rowCount()) >= 100 || undefined, { description: 'a first batch' });
    await waitFor(
      async () => {
        const result = await run.pool.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'sample-consumer' AND query LIKE '%pg_sleep%' AND state = 'active'`,
        );
        return result.rows[0].n > 0 || undefined;
      },
      { description: 'a batch in flight', intervalMs: 10 },
    );
    app.kill('SIGKILL');
    expect(await app.exited).toBe('SIGKILL');
    const before = await run.rowCount();
    expect(before).toBeLessThan(1000);
    run.start({ KAFKA_BATCH_MAX_MESSAGES: '100' });
    await waitFor(async () => (await run.rowCount()) === 1000, { timeoutMs: 90000, description: '1000 rows after restart' });
    expect(await run.totals()).toEqual({ messages: 1000, seqSum: seqSum(1000) });
  });

  it('on SIGTERM finishes and commits the in-flight batch, so a restart re-processes nothing', async () => {
    const app = run.start({ SAMPLE_WORK_MS: '300', KAFKA_BATCH_MAX_MESSAGES: '100', KAFKA_COMMIT_INTERVAL_MS: '60000' });
    await run.waitUntilReady();
    await run.produce(records(300));
    await waitFor(async () => (await run.rowCount()) >= 100 || undefined, { description: 'a first batch' });
    app.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    const stored = await run.rowCount();
    const lag = await groupLag(connection, run.groupId, run.topic);
    const remaining = lag.reduce((sum, p) => sum + p.lag, 0);
    expect(remaining).toBe(300 - stored);

    run.start();
    await run.waitUntilReady();
    await waitFor(async () => (await run.rowCount()) === 300, { description: 'the remaining rows' });
    expect(await run.metric('issuestream_consumer_messages_total{topic')).toBe(remaining);
  });
});
