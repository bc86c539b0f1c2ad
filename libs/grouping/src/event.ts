// The slice of a normalized error event that grouping reads. Field names are
// the event's wire names (snake_case), so ingest can pass the parsed JSON
// payload through without a mapping step. Every field is optional and may be
// null: SDKs omit freely and normalization keeps nulls.

export interface FrameData {
  sourcemap?: string | null;
}

export interface Frame {
  function?: string | null;
  raw_function?: string | null;
  module?: string | null;
  package?: string | null;
  filename?: string | null;
  abs_path?: string | null;
  lineno?: number | null;
  colno?: number | null;
  context_line?: string | null;
  in_app?: boolean | null;
  platform?: string | null;
  data?: FrameData | null;
}

export interface Stacktrace {
  frames?: ReadonlyArray<Frame | null> | null;
}

export interface NsError {
  domain?: string | null;
  code?: number | string | null;
}

export interface Mechanism {
  type?: string | null;
  source?: string | null;
  synthetic?: boolean | null;
  is_exception_group?: boolean | null;
  exception_id?: number | null;
  parent_id?: number | null;
  meta?: { ns_error?: NsError | null } | null;
}

export interface SingleException {
  type?: string | null;
  value?: string | null;
  module?: string | null;
  mechanism?: Mechanism | null;
  stacktrace?: Stacktrace | null;
}

export interface Thread {
  id?: number | string | null;
  crashed?: boolean | null;
  current?: boolean | null;
  stacktrace?: Stacktrace | null;
}

export interface LogEntry {
  message?: string | null;
  formatted?: string | null;
  params?: unknown;
}

export interface Template {
  filename?: string | null;
  abs_path?: string | null;
  context_line?: string | null;
  lineno?: number | null;
}

/** Tags arrive as `[key, value]` pairs after Relay; an object is accepted too. */
export type Tags = ReadonlyArray<readonly [string, string | null]> | Readonly<Record<string, string | null>>;

export interface ErrorEvent {
  platform?: string | null;
  exception?: { values?: ReadonlyArray<SingleException | null> | null } | null;
  threads?: { values?: ReadonlyArray<Thread | null> | null } | null;
  stacktrace?: Stacktrace | null;
  template?: Template | null;
  logentry?: LogEntry | null;
  fingerprint?: readonly string[] | null;
  transaction?: string | null;
  level?: string | null;
  logger?: string | null;
  tags?: Tags | null;
  /** A title set by a server-side fingerprint rule; wins over the computed one. */
  title?: string | null;
  culprit?: string | null;
  request?: { url?: string | null } | null;
  sdk?: { name?: string | null; version?: string | null } | null;
}
