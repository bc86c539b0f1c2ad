import { createHash } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';

/** The levels that have an id column in a link row; an event of another level gets no link. */
export const LINK_LEVELS = ['debug', 'info', 'warning', 'error', 'fatal'] as const;
export type LinkLevel = (typeof LINK_LEVELS)[number];

export const isLinkLevel = (level: string): level is LinkLevel => (LINK_LEVELS as readonly string[]).includes(level);

/** A link between a replay and one event of its project (ids as 32 lower-case hex digits). */
export interface ReplayLink {
  readonly projectId: number;
  readonly replayId: string;
  readonly eventId: string;
  readonly level: LinkLevel;
  /** Event time, whole seconds since the epoch. */
  readonly timestamp: number;
}

export interface StoredReplayLink extends ReplayLink {
  readonly eventHash: string;
}

const NIL_UUID = '00000000-0000-0000-0000-000000000000';
const dashed = (hex: string): string => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
const plain = (uuid: string): string => uuid.replace(/-/g, '');

/** The link's dedupe key: the event id's MD5 read as a UUID (the reference's newer `event_hash`). */
export const eventHash = (eventId: string): string => dashed(createHash('md5').update(eventId).digest('hex'));

const COLUMNS: [string, ...string[]] = ['project_id', 'replay_id', 'event_hash', 'event_id', 'level', 'timestamp', 'debug_id', 'info_id', 'warning_id', 'error_id', 'fatal_id', 'retention_days'];

/** One insert for a batch of links; writing a link again is harmless (the table collapses on event hash). */
export async function insertReplayLinks(client: ClickHouseClient, links: readonly ReplayLink[], retentionDays = 90): Promise<void> {
  if (links.length === 0) return;
  await client.insert({
    table: 'replay_links',
    format: 'JSONCompactEachRow',
    columns: COLUMNS,
    values: links.map((link) => [
      link.projectId, dashed(link.replayId), eventHash(link.eventId), link.eventId, link.level, Math.floor(link.timestamp),
      ...LINK_LEVELS.map((level) => (level === link.level ? dashed(link.eventId) : NIL_UUID)),
      retentionDays,
    ]),
  });
}

interface LinkRow {
  project_id: string | number;
  replay_id: string;
  event_hash: string;
  event_id: string;
  level: LinkLevel;
  timestamp: number;
}

const SELECT = `SELECT project_id, replay_id, event_hash, event_id, level, toUnixTimestamp(timestamp) AS timestamp FROM replay_links FINAL`;

async function select(client: ClickHouseClient, where: string, params: Record<string, unknown>): Promise<StoredReplayLink[]> {
  const result = await client.query({ query: `${SELECT} WHERE ${where} ORDER BY timestamp, event_id`, query_params: params, format: 'JSONEachRow' });
  const rows = await result.json<LinkRow>();
  return rows.map((row) => ({
    projectId: Number(row.project_id), replayId: plain(row.replay_id), eventHash: row.event_hash, eventId: row.event_id, level: row.level, timestamp: Number(row.timestamp),
  }));
}

/** The events linked to a replay, oldest first. */
export function eventsOfReplay(client: ClickHouseClient, projectId: number, replayId: string): Promise<StoredReplayLink[]> {
  return select(client, 'project_id = {projectId:UInt64} AND replay_id = {replayId:UUID}', { projectId, replayId: dashed(replayId) });
}

/** The replay(s) an event is linked to (normally one). */
export async function replaysOfEvent(client: ClickHouseClient, projectId: number, eventId: string): Promise<string[]> {
  const links = await select(client, 'project_id = {projectId:UInt64} AND event_hash = {eventHash:UUID}', { projectId, eventHash: eventHash(eventId) });
  return [...new Set(links.map((link) => link.replayId))];
}
