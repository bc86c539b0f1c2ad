import type { Pool } from 'pg';
import { createPgPool, migrate, withTransaction } from '@issuestream/storage';
import { ensureTestDatabase, TEST_DATABASE_URL, uniqueName } from '../test/test-env';
import {
  addGroupEnvironments, eventKey, linkGroupHashes, markErrorEventsStreamed, recordErrorEvents, storedErrorEvents, type ErrorEventRecord,
} from './error-event-rows';
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
  });

  it('records events once, reports ids taken meanwhile, and remembers what was streamed', async () => {
    const [one, two] = [hash('1'), hash('2')];
    expect(await withTransaction(pool, (client) => recordErrorEvents(client, [record(one)]))).toEqual([]);
    expect(await withTransaction(pool, (client) => recordErrorEvents(client, [record(one), record(two)]))).toEqual([eventKey(1, one)]);
    let stored = await storedErrorEvents(pool, [{ projectId: 1, eventId: one }, { projectId: 1, eventId: two }, { projectId: 2, eventId: one }]);
    expect([...stored.keys()].sort()).toEqual([eventKey(1, one), eventKey(1, two)].sort());
    expect(stored.get(eventKey(1, one))).toEqual({ ...record(one), streamed: false });
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
});
