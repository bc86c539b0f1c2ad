import { CATEGORY_IDS, OUTCOME_IDS } from './outcome-codes';

export const STATS_FIELDS = ['sum(quantity)', 'sum(times_seen)'] as const;
export type StatsField = (typeof STATS_FIELDS)[number];

export const STATS_GROUP_BYS = ['outcome', 'reason', 'category', 'project'] as const;
export type StatsGroupBy = (typeof STATS_GROUP_BYS)[number];

const HOUR_S = 3600;
const MAX_INTERVALS = 10_000;
const DEFAULT_PERIOD_S = 24 * HOUR_S;
const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: HOUR_S, d: 24 * HOUR_S, w: 7 * 24 * HOUR_S };

export interface StatsRequest {
  readonly fields: readonly StatsField[];
  readonly groupBy: readonly StatsGroupBy[];
  /** Bucket width in seconds, a whole number of hours. */
  readonly intervalSeconds: number;
  /** Aligned to the interval; `end` exclusive. Unix seconds. */
  readonly start: number;
  readonly end: number;
  /** Empty: every project of the organisation. */
  readonly projectIds: readonly number[];
  readonly categories: readonly number[];
  readonly outcomes: readonly number[];
  readonly reasons: readonly string[];
}

/** Query parameters as Fastify hands them over: one value, or several for repeated keys. */
export type StatsQuery = Readonly<Record<string, string | readonly string[] | undefined>>;

export type StatsRequestResult = { ok: true; request: StatsRequest } | { ok: false; field: string; detail: string };

class InvalidParameter extends Error {
  constructor(
    readonly field: string,
    detail: string,
  ) {
    super(detail);
  }
}

/** Every value of a parameter; repeated keys and comma lists both count. */
function values(query: StatsQuery, name: string): string[] {
  const raw = query[name];
  const list = raw === undefined ? [] : typeof raw === 'string' ? [raw] : [...raw];
  return list.flatMap((value) => value.split(',')).map((value) => value.trim()).filter((value) => value !== '');
}

function single(query: StatsQuery, name: string): string | undefined {
  const list = values(query, name);
  if (list.length > 1) throw new InvalidParameter(name, `${name}: give one value`);
  return list[0];
}

function duration(text: string, field: string): number {
  const match = /^(\d+)([smhdw])$/.exec(text);
  if (!match) throw new InvalidParameter(field, `${field}: ${JSON.stringify(text)} is not a duration like 1h, 24h, 14d`);
  const seconds = Number(match[1]) * (UNIT_SECONDS[match[2] as string] as number);
  if (seconds <= 0) throw new InvalidParameter(field, `${field}: must be positive`);
  return seconds;
}

function instant(text: string, field: string): number {
  const ms = /^\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`);
  if (!Number.isFinite(ms)) throw new InvalidParameter(field, `${field}: ${JSON.stringify(text)} is not an ISO 8601 date`);
  return Math.floor(ms / 1000);
}

function oneOf<T extends string>(list: readonly string[], allowed: readonly T[], field: string): T[] {
  const bad = list.find((value) => !(allowed as readonly string[]).includes(value));
  if (bad !== undefined) throw new InvalidParameter(field, `${field}: ${JSON.stringify(bad)} is not one of ${allowed.join(', ')}`);
  return [...new Set(list)] as T[];
}

function named(list: readonly string[], ids: ReadonlyMap<string, number>, field: string): number[] {
  return list.map((name) => {
    const id = ids.get(name);
    if (id === undefined) throw new InvalidParameter(field, `${field}: ${JSON.stringify(name)} is not one of ${[...ids.keys()].join(', ')}`);
    return id;
  });
}

function parse(query: StatsQuery, nowMs: number): StatsRequest {
  const fieldList = values(query, 'field');
  if (fieldList.length === 0) throw new InvalidParameter('field', `field: required, one of ${STATS_FIELDS.join(', ')}`);
  const fields = oneOf(fieldList, STATS_FIELDS, 'field');
  const groupBy = oneOf(values(query, 'groupBy'), STATS_GROUP_BYS, 'groupBy');

  const intervalText = single(query, 'interval');
  const intervalSeconds = intervalText === undefined ? HOUR_S : duration(intervalText, 'interval');
  if (intervalSeconds % HOUR_S !== 0) throw new InvalidParameter('interval', 'interval: outcomes are stored per hour, so the interval must be a whole number of hours (1h, 6h, 1d)');

  const period = single(query, 'statsPeriod');
  const startText = single(query, 'start');
  const endText = single(query, 'end');
  if (period !== undefined && (startText !== undefined || endText !== undefined)) throw new InvalidParameter('statsPeriod', 'statsPeriod: give either statsPeriod or start and end, not both');
  if ((startText === undefined) !== (endText === undefined)) throw new InvalidParameter(startText === undefined ? 'start' : 'end', 'start and end: give both');
  const now = Math.floor(nowMs / 1000);
  let rawStart: number;
  let rawEnd: number;
  if (startText !== undefined && endText !== undefined) {
    rawStart = instant(startText, 'start');
    rawEnd = instant(endText, 'end');
    if (rawEnd <= rawStart) throw new InvalidParameter('end', 'end: must be after start');
  } else {
    rawEnd = now;
    rawStart = now - (period === undefined ? DEFAULT_PERIOD_S : duration(period, 'statsPeriod'));
  }
  // Buckets sit on interval boundaries counted from the Unix epoch (midnight UTC for days), so the
  // last one holds "now" and the first one the period's start.
  const start = Math.floor(rawStart / intervalSeconds) * intervalSeconds;
  const end = Math.ceil(rawEnd / intervalSeconds) * intervalSeconds;
  if ((end - start) / intervalSeconds > MAX_INTERVALS) throw new InvalidParameter('interval', `interval: more than ${MAX_INTERVALS} intervals; use a longer interval or a shorter period`);

  const projectIds = values(query, 'project').map((text) => {
    if (!/^-?\d{1,18}$/.test(text)) throw new InvalidParameter('project', `project: ${JSON.stringify(text)} is not a project id`);
    return Number(text);
  });
  return {
    fields,
    groupBy,
    intervalSeconds,
    start,
    end,
    // -1 is the reference's "all projects".
    projectIds: projectIds.includes(-1) ? [] : projectIds,
    categories: named(values(query, 'category'), CATEGORY_IDS, 'category'),
    outcomes: named(values(query, 'outcome'), OUTCOME_IDS, 'outcome'),
    reasons: values(query, 'reason'),
  };
}

/** The stats_v2 parameters, checked; a bad one is named with why. */
export function parseStatsRequest(query: StatsQuery, nowMs = Date.now()): StatsRequestResult {
  try {
    return { ok: true, request: parse(query, nowMs) };
  } catch (error) {
    if (error instanceof InvalidParameter) return { ok: false, field: error.field, detail: error.message };
    throw error;
  }
}
