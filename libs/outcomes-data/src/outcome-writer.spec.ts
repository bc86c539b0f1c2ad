import type { ClickHouseClient } from '@clickhouse/client';
import type { Outcomes } from '@issuestream/schemas';
import { createClickHouse, migrateClickHouse } from '@issuestream/storage';
import { uniqueName } from '@issuestream/testing';
import { outcomesClickHouseMigrations, OUTCOMES_MIGRATIONS_TABLE } from './outcome-migrations';
import { queryOutcomeStats } from './outcome-stats';
import { offsetWatermarks, writeOutcomes, type ConsumedOutcome } from './outcome-writer';
import { parseStatsRequest, type StatsQuery } from './stats-request';

const at = Date.parse('2026-12-06T10:15:00Z');
const outcome = (partition: number, offset: number, fields: Partial<Outcomes.Outcome> = {}): ConsumedOutcome => ({
  partition,
  offset: String(offset),
  brokerTimestamp: String(at),
  value: {
    timestamp: '2026-12-06T10:15:00.000000Z', org_id: 1, project_id: 10, key_id: null, outcome: 0, reason: null, event_id: null, category: 14, quantity: 1, source: 'test',
    ...fields,
  },
});

describe('outcomes_hourly (embedded ClickHouse)', () => {
  const database = uniqueName('st_outcomes');
  let ch: ClickHouseClient;
  const stats = (query: StatsQuery, org = 1) => {
    const parsed = parseStatsRequest({ start: '2026-12-06T08:00:00Z', end: '2026-12-06T12:00:00Z', ...query });
    if (!parsed.ok) throw new Error(parsed.detail);
    return queryOutcomeStats(ch, org, parsed.request);
  };

  beforeAll(async () => {
    ch = await createClickHouse({ path: ':memory:', database });
    await migrateClickHouse(ch, outcomesClickHouseMigrations, { table: OUTCOMES_MIGRATIONS_TABLE });
  });
  afterAll(async () => {
    await ch.command({ query: `DROP DATABASE IF EXISTS ${database}` });
    await ch.close();
  });

  it('aggregates per hour and group, and a redelivery split differently counts nothing twice', async () => {
    const topic = uniqueName('outcomes');
    const batch = [
      outcome(0, 0), outcome(0, 1), outcome(0, 2, { outcome: 2, reason: 'key_quota' }),
      outcome(1, 0, { outcome: 1, reason: 'spam' }), outcome(1, 1, { timestamp: '2026-12-06T11:59:59.000000Z' }), outcome(1, 2, { category: 4, quantity: 2048 }),
    ];
    expect(await writeOutcomes(ch, topic, batch)).toEqual({ counted: 6, alreadyCounted: 0, rows: 5 });
    expect(await offsetWatermarks(ch, topic, [0, 1, 2])).toEqual(new Map([[0, 2n], [1, 2n]]));

    // Redelivered after a crash before the commit: the same messages, in other batches, plus new ones.
    expect(await writeOutcomes(ch, topic, [outcome(0, 1), outcome(0, 2, { outcome: 2, reason: 'key_quota' })])).toEqual({ counted: 0, alreadyCounted: 2, rows: 0 });
    expect(await writeOutcomes(ch, topic, [outcome(1, 1), outcome(1, 2, { category: 4, quantity: 2048 }), outcome(1, 3)])).toEqual({ counted: 1, alreadyCounted: 2, rows: 1 });

    const byOutcome = await stats({ field: 'sum(quantity)', groupBy: 'outcome', category: 'feedback' });
    expect(byOutcome.intervals).toEqual(['2026-12-06T08:00:00Z', '2026-12-06T09:00:00Z', '2026-12-06T10:00:00Z', '2026-12-06T11:00:00Z']);
    expect(byOutcome.groups).toEqual([
      { by: { outcome: 'accepted' }, totals: { 'sum(quantity)': 4 }, series: { 'sum(quantity)': [0, 0, 3, 1] } },
      { by: { outcome: 'filtered' }, totals: { 'sum(quantity)': 1 }, series: { 'sum(quantity)': [0, 0, 1, 0] } },
      { by: { outcome: 'rate_limited' }, totals: { 'sum(quantity)': 1 }, series: { 'sum(quantity)': [0, 0, 1, 0] } },
    ]);
    const attachments = await stats({ field: ['sum(quantity)', 'sum(times_seen)'], groupBy: ['category', 'project'], category: 'attachment', interval: '1d' });
    expect(attachments.groups).toEqual([{ by: { category: 'attachment', project: 10 }, totals: { 'sum(quantity)': 2048, 'sum(times_seen)': 1 }, series: { 'sum(quantity)': [2048], 'sum(times_seen)': [1] } }]);
    const reasons = await stats({ field: 'sum(quantity)', groupBy: 'reason', outcome: ['rate_limited', 'filtered'] });
    expect(reasons.groups.map((g) => [g.by, g.totals])).toEqual([[{ reason: 'key_quota' }, { 'sum(quantity)': 1 }], [{ reason: 'spam' }, { 'sum(quantity)': 1 }]]);
  });

  it('keeps organisations apart and answers zeros for an empty one', async () => {
    await writeOutcomes(ch, uniqueName('outcomes'), [outcome(0, 0, { org_id: 2, project_id: 20 })]);
    const other = await stats({ field: 'sum(quantity)', groupBy: 'project' }, 2);
    expect(other.groups.map((g) => g.by)).toEqual([{ project: 20 }]);
    expect((await stats({ field: 'sum(quantity)' }, 3)).groups).toEqual([{ by: {}, totals: { 'sum(quantity)': 0 }, series: { 'sum(quantity)': [0, 0, 0, 0] } }]);
  });

  it('keeps the watermark through merges', async () => {
    const topic = uniqueName('outcomes');
    for (let offset = 0; offset < 5; offset += 1) await writeOutcomes(ch, topic, [outcome(0, offset, { org_id: 4 })]);
    await ch.command({ query: 'OPTIMIZE TABLE outcomes_hourly FINAL' });
    expect(await offsetWatermarks(ch, topic, [0])).toEqual(new Map([[0, 4n]]));
    expect((await stats({ field: 'sum(times_seen)' }, 4)).groups[0]?.totals).toEqual({ 'sum(times_seen)': 5 });
  });
});
