import { migrate, withTransaction, type Migration } from '@issuestream/storage';
import type { Pool } from 'pg';

export interface SampleRow {
  id: string;
  seq: number;
  body: string;
  partition: number;
  offset: string;
}

const migrations = (table: string): Migration[] => [
  {
    version: 1,
    name: `create ${table}`,
    up: `
      CREATE TABLE ${table} (
        id text PRIMARY KEY,
        seq bigint NOT NULL,
        body text NOT NULL,
        source_partition int NOT NULL,
        source_offset bigint NOT NULL,
        stored_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE ${table}_totals (
        name text PRIMARY KEY,
        messages bigint NOT NULL,
        seq_sum bigint NOT NULL
      );`,
  },
];

/**
 * Rows keyed by record id, plus running totals that only count rows that
 * were actually inserted. The totals are the kind of side effect (like an
 * issue's times_seen) that a replayed batch must not double.
 */
export class SampleRecordsStore {
  constructor(
    private readonly pool: Pool,
    private readonly table: string,
    private readonly workMs: number,
  ) {}

  async migrate(): Promise<void> {
    await migrate(this.pool, migrations(this.table), { table: `${this.table}_migrations` });
  }

  async insertBatch(rows: readonly SampleRow[]): Promise<void> {
    await withTransaction(this.pool, async (client) => {
      await client.query(
        `WITH inserted AS (
           INSERT INTO ${this.table} (id, seq, body, source_partition, source_offset)
           SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::int[], $5::bigint[])
           ON CONFLICT (id) DO NOTHING
           RETURNING seq)
         INSERT INTO ${this.table}_totals (name, messages, seq_sum)
         SELECT 'all', count(*), coalesce(sum(seq), 0) FROM inserted
         ON CONFLICT (name) DO UPDATE
           SET messages = ${this.table}_totals.messages + excluded.messages,
               seq_sum = ${this.table}_totals.seq_sum + excluded.seq_sum`,
        [rows.map((r) => r.id), rows.map((r) => r.seq), rows.map((r) => r.body), rows.map((r) => r.partition), rows.map((r) => r.offset)],
      );
      if (this.workMs > 0) await client.query('SELECT pg_sleep($1)', [this.workMs / 1000]);
    });
  }
}
