import type { Pool } from 'pg';
import { createPgPool, migrate, withTransaction } from '@issuestream/storage';
import { ensureTestDatabase, TEST_DATABASE_URL, uniqueName } from '../test/test-env';
import {
  addGroupEnvironments, eventKey, linkGroupHashes, markErrorEventsStreamed, recordErrorEvents, reportedErrorEvents, storedErrorEvents, type ErrorEventRecord,
} from './error-event-rows';
import { eventNodeId } from './node-ids';
import { putNodes } from './occurrence-rows';
import { errorEventMigrations } from './error-migrations';
import { createGroups, findGroupsByHash } from './group-rows';
import { issueMigrations } from './issue-migrations';

const hash = (c: string) => c.repeat(32);

describe('error event rows (Postgres)', () => {
  const schema = uniqueName('st_error_events');
  let admin: Pool;
  let pool: Pool;
  let groupId = 0;

  beforeAll(async () => {
    await ensureTestDatabase();
    admin = createPgPool(TEST_DATABASE_URL, { applicationName: 'error-event-rows-spec', max: 1 });
    await admin.query(`CREATE SCHEMA ${schema}`);
    pool = createPgPool(TEST_DATABASE_URL, { applicationName: 'error-event-rows-spec', max: 2, pgConfig: { options: `-c search_path=${schema}` } });
    await migrate(pool, issueMigrations, { table: 'issue_migrations' });
    await migrate(pool, errorEventMigrations, { table: 'error_event_migrations' });
    const now = new Date();
    const { created } = await withTransaction(pool, (client) => createGroups(client, [{
      projectId: 1, type: 1, primaryHash: hash('a'), status: 0, substatus: 7, timesSeen: 1, firstSeen: now, lastSeen: now, level: 40,
      title: 'E: x', culprit: 'f', message: 'x', priority: 75, platform: 'node', metadata: {},
    }]));
    groupId = created[0]!.id;
  });
  afterAll(async () => {
    await pool.end();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  const record = (eventId: string): ErrorEventRecord => ({
    projectId: 1, eventId, groupId, primaryHash: hash('a'), isNew: true, isRegression: false, isNewGroupEnvironment: true,
    occurredAt: new Date('2026-01-02T03:04:05.678Z'), environment: 'prod',
  });

  it('records events once, reports ids taken meanwhile, and remembers what was streamed', async () => {
    const [one, two] = [hash('1'), hash('2')];
    expect(await withTransaction(pool, (client) => recordErrorEvents(client, [record(one)]))).toEqual([]);
    expect(await withTransaction(pool, (client) => recordErrorEvents(client, [record(one), record(two)]))).toEqual([eventKey(1, one)]);
    let stored = await storedErrorEvents(pool, [{ projectId: 1, eventId: one }, { projectId: 1, eventId: two }, { projectId: 2, eventId: one }]);
    expect([...stored.keys()].sort()).toEqual([eventKey(1, one), eventKey(1, two)].sort());
    expect(stored.get(eventKey(1, one))).toEqual({
      projectId: 1, eventId: one, groupId, primaryHash: hash('a'), isNew: true, isRegression: false, isNewGroupEnvironment: true, streamed: false,
    });
    await markErrorEventsStreamed(pool, [{ projectId: 1, eventId: one }]);
    stored = await storedErrorEvents(pool, [{ projectId: 1, eventId: one }, { projectId: 1, eventId: two }]);
    expect([stored.get(eventKey(1, one))?.streamed, stored.get(eventKey(1, two))?.streamed]).toEqual([true, false]);
  });

  it('links an event’s other hashes to its issue without taking another issue’s hash', async () => {
    await withTransaction(pool, (client) => linkGroupHashes(client, [{ projectId: 1, hash: hash('b'), groupId }, { projectId: 1, hash: hash('a'), groupId: 999_999 }]));
    const found = await withTransaction(pool, (client) => findGroupsByHash(client, [{ projectId: 1, hash: hash('a') }, { projectId: 1, hash: hash('b') }]));
    expect([...found.values()].map((g) => g?.id)).toEqual([groupId, groupId]);
  });

  it('adds each (issue, environment) pair once and says which it created', async () => {
    const at = new Date();
    const first = await withTransaction(pool, (client) => addGroupEnvironments(client, [{ groupId, environment: 'prod', firstSeen: at }, { groupId, environment: '', firstSeen: at }]));
    expect([...first].sort()).toEqual([`${groupId}:`, `${groupId}:prod`]);
    const again = await withTransaction(pool, (client) => addGroupEnvironments(client, [{ groupId, environment: 'prod', firstSeen: at }, { groupId, environment: 'staging', firstSeen: at }]));
    expect([...again]).toEqual([`${groupId}:staging`]);
  });

  it('finds reported events with their time, environment and nodestore document, in one query', async () => {
    const [fresh, legacy, lost] = [hash('3'), hash('4'), hash('5')];
    await withTransaction(pool, async (client) => {
      await recordErrorEvents(client, [record(fresh), record(lost)]);
      await putNodes(client, [{ id: eventNodeId(1, fresh), data: { event_id: fresh, level: 'error' } }, { id: eventNodeId(1, legacy), data: { timestamp: 1 } }]);
      // A row from before the occurred-at / environment columns.
      await client.query(`INSERT INTO error_events (project_id, event_id, group_id, primary_hash, is_new, is_regression, is_new_group_environment)
                          VALUES (1, $1, $2, $3, true, false, false)`, [legacy, groupId, hash('a')]);
    });
    const found = await reportedErrorEvents(pool, [fresh, legacy, lost, hash('6')].map((eventId) => ({ projectId: 1, eventId })));
    expect(found.get(eventKey(1, fresh))).toEqual({
      projectId: 1, eventId: fresh, groupId, occurredAt: new Date('2026-01-02T03:04:05.678Z'), environment: 'prod', document: { event_id: fresh, level: 'error' },
    });
    expect(found.get(eventKey(1, legacy))).toMatchObject({ occurredAt: null, environment: null, document: { timestamp: 1 } });
    expect(found.get(eventKey(1, lost))).toMatchObject({ document: null });
    expect(found.size).toBe(3);
  });
});
