import { createHash } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import { createClickHouse, migrateClickHouse } from '@issuestream/storage';
import { uniqueName } from '@issuestream/testing';
import { REPLAY_LINK_MIGRATIONS_TABLE, replayLinkMigrations } from './replay-link-migrations';
import { eventHash, eventsOfReplay, insertReplayLinks, replaysOfEvent, type ReplayLink } from './replay-links';

const replay = 'b'.repeat(32);
const link = (n: number, overrides: Partial<ReplayLink> = {}): ReplayLink => ({
  projectId: 7, replayId: replay, eventId: `${String(n).padStart(8, '0')}${'e'.repeat(24)}`, level: 'error', timestamp: 1_767_000_000 + n, ...overrides,
});

describe('replay links (embedded ClickHouse)', () => {
  const database = uniqueName('st_replay_links');
  let ch: ClickHouseClient;

  beforeAll(async () => {
    ch = await createClickHouse({ path: ':memory:', database });
    await migrateClickHouse(ch, replayLinkMigrations, { table: REPLAY_LINK_MIGRATIONS_TABLE });
  });
  afterAll(async () => {
    await ch.command({ query: `DROP DATABASE IF EXISTS ${database}` });
    await ch.close();
  });

  it('hashes the event id as the reference does: its MD5 read as a UUID', () => {
    const id = 'a'.repeat(32);
    expect(eventHash(id).replace(/-/g, '')).toBe(createHash('md5').update(id).digest('hex'));
    expect(eventHash(id)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('answers both ways: the events of a replay, the replay of an event; a link written twice is one row', async () => {
    await insertReplayLinks(ch, [link(1), link(2, { level: 'fatal' }), link(3, { replayId: 'c'.repeat(32) })]);
    await insertReplayLinks(ch, [link(1)]);
    const events = await eventsOfReplay(ch, 7, replay);
    expect(events.map((e) => [e.eventId, e.level, e.timestamp])).toEqual([
      [link(1).eventId, 'error', link(1).timestamp],
      [link(2).eventId, 'fatal', link(2).timestamp],
    ]);
    expect(events[0]!.eventHash).toBe(eventHash(link(1).eventId));
    expect(await replaysOfEvent(ch, 7, link(3).eventId)).toEqual(['c'.repeat(32)]);
    expect(await replaysOfEvent(ch, 8, link(3).eventId)).toEqual([]);
  });

  it('puts the event id in its level\'s column and the nil UUID in the others', async () => {
    await insertReplayLinks(ch, [link(4, { projectId: 9, level: 'warning' })]);
    const result = await ch.query({ query: 'SELECT debug_id, info_id, warning_id, error_id, fatal_id, retention_days FROM replay_links WHERE project_id = 9', format: 'JSONEachRow' });
    const nil = '00000000-0000-0000-0000-000000000000';
    const dashed = link(4).eventId.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
    expect(await result.json()).toEqual([{ debug_id: nil, info_id: nil, warning_id: dashed, error_id: nil, fatal_id: nil, retention_days: 90 }]);
  });
});
