import { ClickHouseError, type ClickHouseClient } from '@clickhouse/client';
import { uniqueName } from '../../test/test-env';
import { createClickHouse } from './create-clickhouse';
import { isTransientClickHouseError } from './is-transient-clickhouse-error';

describe('createClickHouse (embedded chDB)', () => {
  let ch: ClickHouseClient;
  const database = uniqueName('st_ch');

  const rows = async <T>(query: string, query_params?: Record<string, unknown>): Promise<T[]> =>
    (await ch.query({ query, query_params, format: 'JSONEachRow' })).json<T>();

  beforeAll(async () => {
    ch = await createClickHouse({ path: ':memory:', database });
  });

  afterAll(async () => {
    await ch.command({ query: `DROP DATABASE IF EXISTS ${database}` });
    await ch.close();
  });

  it('creates the configured database and resolves unqualified names in it', async () => {
    expect(await rows('SELECT currentDatabase() AS db')).toEqual([{ db: database }]);
    await ch.command({ query: 'CREATE TABLE IF NOT EXISTS probe (x UInt8) ENGINE = Memory' });
    expect(
      await rows('SELECT database FROM system.tables WHERE name = {t:String}', { t: 'probe' }),
    ).toEqual([{ database }]);
  });

  it('collapses re-inserted rows of a ReplacingMergeTree under FINAL', async () => {
    await ch.command({
      query: `CREATE TABLE IF NOT EXISTS occurrences (
        project_id UInt64,
        occurrence_id UUID,
        received DateTime64(3, 'UTC'),
        message String
      ) ENGINE = ReplacingMergeTree ORDER BY (project_id, occurrence_id)`,
    });
    const row = {
      project_id: '18446744073709551615',
      occurrence_id: '0d5e6c64-8e5b-4d5c-9f52-3b2a6ad6c3f1',
      received: new Date('2024-05-06T07:08:09.123Z'),
      message: 'first',
    };
    await ch.insert({ table: 'occurrences', values: [row], format: 'JSONEachRow' });
    await ch.insert({
      table: 'occurrences',
      values: [{ ...row, message: 'replayed' }],
      format: 'JSONEachRow',
    });

    const final = await rows<Record<string, unknown>>('SELECT * FROM occurrences FINAL');
    expect(final).toHaveLength(1);
    // 64-bit integers come back as exact strings (pinned setting), Dates round-trip with milliseconds.
    expect(final[0]).toMatchObject({
      project_id: '18446744073709551615',
      occurrence_id: row.occurrence_id,
      received: '2024-05-06 07:08:09.123',
    });
  });

  it('binds query parameters the way the HTTP client does', async () => {
    const tricky = "it's a \\ back\\slash,\ta tab and a\nnewline";
    const [result] = await rows<Record<string, unknown>>(
      `SELECT {s:String} AS s, {n:UInt64} AS n, {big:UInt64} AS big, {ids:Array(String)} AS ids,
              {at:DateTime64(3, 'UTC')} AS at, {flag:UInt8} AS flag, {b:Bool} AS b,
              {maybe:Nullable(String)} AS maybe, {u:UUID} AS u, {day:Date} AS day`,
      {
        s: tricky,
        n: 42,
        big: 18446744073709551615n,
        ids: ['a', "b'c"],
        at: new Date('2024-01-02T03:04:05.678Z'),
        flag: true,
        b: false,
        maybe: null,
        u: '8c5b2b7e-9d2e-4c1a-8b9f-0f1e2d3c4b5a',
        day: '2024-02-29',
      },
    );
    expect(result).toEqual({
      s: tricky,
      n: '42',
      big: '18446744073709551615',
      ids: ['a', "b'c"],
      at: '2024-01-02 03:04:05.678',
      flag: 1,
      b: false,
      maybe: null,
      u: '8c5b2b7e-9d2e-4c1a-8b9f-0f1e2d3c4b5a',
      day: '2024-02-29',
    });
  });

  it('binds dates inside arrays with milliseconds too', async () => {
    const [result] = await rows<{ at: string[] }>(`SELECT {at:Array(DateTime64(3, 'UTC'))} AS at`, {
      at: [new Date('2024-01-02T03:04:05.678Z'), new Date('2024-01-02T03:04:05Z')],
    });
    expect(result!.at).toEqual(['2024-01-02 03:04:05.678', '2024-01-02 03:04:05.000']);
  });

  it('filters with bound parameters, never by string interpolation', async () => {
    await ch.command({
      query:
        'CREATE TABLE IF NOT EXISTS reports (id String, n UInt32) ENGINE = MergeTree ORDER BY id',
    });
    await ch.insert({
      table: 'reports',
      values: [
        { id: 'a', n: 1 },
        { id: "b'; DROP TABLE reports; --", n: 2 },
        { id: 'c', n: 3 },
      ],
      format: 'JSONEachRow',
    });
    const found = await rows<{ id: string }>(
      'SELECT id FROM reports WHERE id IN {ids:Array(String)} ORDER BY id',
      {
        ids: ['a', "b'; DROP TABLE reports; --"],
      },
    );
    expect(found.map((r) => r.id)).toEqual(['a', "b'; DROP TABLE reports; --"]);
  });

  it("raises @clickhouse/client's own ClickHouseError, classified as permanent", async () => {
    const err = await ch.query({ query: 'SELEC 1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClickHouseError);
    expect(err).toMatchObject({ code: '62', type: 'SYNTAX_ERROR' });
    expect(isTransientClickHouseError(err)).toBe(false);

    const missing = await ch
      .query({ query: 'SELECT * FROM no_such_table' })
      .catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: '60', type: 'UNKNOWN_TABLE' });
    expect(isTransientClickHouseError(missing)).toBe(false);
  });

  it('classifies a real TIMEOUT_EXCEEDED as transient', async () => {
    const err = await ch
      .query({
        query: 'SELECT count() FROM system.numbers',
        clickhouse_settings: { max_execution_time: 0.2 },
      })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: '159' });
    expect(isTransientClickHouseError(err)).toBe(true);
  });

  it('answers ping', async () => {
    expect(await ch.ping()).toEqual({ success: true });
  });
});
