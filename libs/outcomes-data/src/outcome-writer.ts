import type { ClickHouseClient } from '@clickhouse/client';
import type { Outcomes } from '@issuestream/schemas';

/** One outcome as consumed: the decoded record and where it was read. */
export interface ConsumedOutcome {
  readonly partition: number;
  /** Kafka offset, decimal string. */
  readonly offset: string;
  /** Broker timestamp (epoch ms as text), used when the record's own is unreadable. */
  readonly brokerTimestamp: string;
  readonly value: Outcomes.Outcome;
}

export interface OutcomeWriteResult {
  /** Messages counted by this call. */
  readonly counted: number;
  /** Messages at or below a partition's watermark: already counted by an earlier delivery. */
  readonly alreadyCounted: number;
  /** Rows inserted (one per project, hour, category, outcome, reason and partition). */
  readonly rows: number;
}

const HOUR_MS = 3600_000;

function hourOf(outcome: ConsumedOutcome): number {
  const at = Date.parse(outcome.value.timestamp);
  const ms = Number.isFinite(at) ? at : Number(outcome.brokerTimestamp);
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

/** Highest offset already stored per partition of the topic (absent: nothing stored yet). */
export async function offsetWatermarks(client: ClickHouseClient, topic: string, partitions: readonly number[]): Promise<Map<number, bigint>> {
  const result = await client.query({
    query: `SELECT source_partition AS partition, max(source_offset) AS offset FROM outcomes_hourly
             WHERE source_topic = {topic:String} AND source_partition IN {partitions:Array(UInt32)}
             GROUP BY source_partition`,
    query_params: { topic, partitions },
    format: 'JSONEachRow',
  });
  const rows = await result.json<{ partition: number; offset: string }>();
  return new Map(rows.map((row) => [Number(row.partition), BigInt(row.offset)]));
}

/**
 * Adds a batch of outcomes to `outcomes_hourly` with one watermark read and
 * one INSERT, idempotently under redelivery.
 *
 * Why this is replay-safe: a partition is consumed in offset order and a
 * batch is only committed after this resolves, so everything at or below the
 * highest offset already stored for a partition has been counted. Each INSERT
 * carries its own watermark (`source_offset` of the rows it adds) and lands
 * as one part, so counts and watermark can never be seen apart: a crash
 * before the INSERT leaves nothing, a crash after it leaves a watermark that
 * makes the redelivered messages be skipped, however the runtime splits them
 * into batches the second time. The watermark is kept per source topic, so a
 * renamed topic starts fresh. Not covered: two consumers processing the same
 * partition at the same moment (a zombie after a rebalance) can both count it.
 */
export async function writeOutcomes(client: ClickHouseClient, topic: string, batch: readonly ConsumedOutcome[]): Promise<OutcomeWriteResult> {
  if (batch.length === 0) return { counted: 0, alreadyCounted: 0, rows: 0 };
  const watermarks = await offsetWatermarks(client, topic, [...new Set(batch.map((m) => m.partition))]);
  const fresh = batch.filter((m) => {
    const stored = watermarks.get(m.partition);
    return stored === undefined || BigInt(m.offset) > stored;
  });

  const rows = new Map<string, { org_id: number; project_id: number; hour: number; category: number; outcome: number; reason: string; partition: number; quantity: number; times_seen: number; offset: bigint }>();
  for (const message of fresh) {
    const o = message.value;
    const row = {
      org_id: o.org_id ?? 0, project_id: o.project_id ?? 0, hour: hourOf(message), category: o.category ?? 0, outcome: o.outcome,
      reason: o.reason ?? '', partition: message.partition,
    };
    const id = JSON.stringify(Object.values(row));
    const current = rows.get(id) ?? { ...row, quantity: 0, times_seen: 0, offset: 0n };
    current.quantity += o.quantity ?? 1;
    current.times_seen += 1;
    const offset = BigInt(message.offset);
    if (offset > current.offset) current.offset = offset;
    rows.set(id, current);
  }
  if (rows.size > 0) {
    await client.insert({
      table: 'outcomes_hourly',
      format: 'JSONEachRow',
      values: [...rows.values()].map((r) => ({
        org_id: r.org_id, project_id: r.project_id, hour: Math.floor(r.hour / 1000), category: r.category, outcome: r.outcome, reason: r.reason,
        source_topic: topic, source_partition: r.partition, quantity: r.quantity, times_seen: r.times_seen, source_offset: r.offset.toString(),
      })),
    });
  }
  return { counted: fresh.length, alreadyCounted: batch.length - fresh.length, rows: rows.size };
}
