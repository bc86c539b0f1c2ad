import type { ClickHouseSettings } from '@clickhouse/client';

/**
 * Settings sent with every request so the embedded engine and a server agree.
 * Their defaults differ: chDB returns 64-bit integers as JSON numbers (losing
 * precision past 2^53) and parses date-times best-effort, while a server
 * quotes 64-bit integers and only accepts `YYYY-MM-DD hh:mm:ss`. Pinning both
 * means UInt64/Int64 always arrive as strings, and JS Dates in inserted rows
 * (JSON-serialised as ISO 8601 with `Z`) are accepted everywhere.
 */
export const PINNED_CLICKHOUSE_SETTINGS: ClickHouseSettings = {
  output_format_json_quote_64bit_integers: 1,
  date_time_input_format: 'best_effort',
};
