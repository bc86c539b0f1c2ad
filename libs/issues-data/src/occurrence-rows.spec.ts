import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { ensureTestDatabase, TEST_DATABASE_URL, uniqueName } from '../test/test-env';
import { createPgPool } from '@issuestream/storage';
import { migrate } from '@issuestream/storage';
import { withTransaction } from '@issuestream/storage';
import { createGroups } from './group-rows';
import { issueMigrations } from './issue-migrations';
import { existingNodeIds, getNodes, processedOccurrences, putNodes, recordOccurrences, type OccurrenceRecord } from './occurrence-rows';

const hexId = () => randomUUID().replace(/-/g, '');

describe('occurrence rows (Postgres)', () => {
  const schema = uniqueName('st_occurrence_rows');
  let admin: Pool;
  let pool: Pool;

  beforeAll(async () => {
    await ensureTestDatabase();
    admin = createPgPool(TEST_DATABASE_URL, { applicationName: 'occurrence-rows-spec', max: 1 });
    await admin.query(`CREATE SCHEMA ${schema}`);
    pool = createPgPool(TEST_DATABASE_URL, { applicationName: 'occurrence-rows-spec', max: 2, pgConfig: { options: `-c search_path=${schema}` } });
    await migrate(pool, issueMigrations, { table: 'issue_migrations' });
  });
  afterAll(async () => {
    await pool.end();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  async function newGroupId(): Promise<number> {
    const now = new Date();
    const { created } = await withTransaction(pool, (client) =>
      createGroups(client, [{
        projectId: 1, type: 6001, primaryHash: hexId(), status: 0, substatus: 7, timesSeen: 1, firstSeen: now, lastSeen: now, level: 20,
        title: 'feedback', culprit: 'user', message: 'feedback', priority: 50, platform: 'javascript', metadata: {},
      }]));
    return created[0]?.id ?? 0;
  }

  const record = (groupId: number | null): OccurrenceRecord => ({ id: hexId(), projectId: 1, type: 6001, fingerprintHash: hexId(), eventId: hexId(), groupId });

  it('records occurrences with their issue (or none) and reports them processed from then on', async () => {
    const groupId = await newGroupId();
    const records = [record(groupId), record(null)];
    const unknown = hexId();

    expect(await withTransaction(pool, (client) => recordOccurrences(client, records))).toEqual([]);

    const { rows } = await pool.query(`SELECT replace(id::text, '-', '') AS id, project_id::int, type, fingerprint_hash, event_id, group_id::int FROM issue_occurrences`);
    expect(rows).toEqual(expect.arrayContaining(records.map((r) => ({
      id: r.id, project_id: r.projectId, type: r.type, fingerprint_hash: r.fingerprintHash, event_id: r.eventId, group_id: r.groupId,
    }))));
    expect(await processedOccurrences(pool, [...records.map((r) => r.id), unknown])).toEqual(new Set(records.map((r) => r.id)));
  });

  it('returns the ids another transaction recorded first and leaves their rows alone', async () => {
    const first = record(await newGroupId());
    await withTransaction(pool, (client) => recordOccurrences(client, [first]));
    const again = { ...first, groupId: null };
    const other = record(null);

    expect(await withTransaction(pool, (client) => recordOccurrences(client, [again, other]))).toEqual([first.id]);
    const { rows } = await pool.query(`SELECT group_id::int FROM issue_occurrences WHERE id = $1`, [first.id]);
    expect(rows).toEqual([{ group_id: first.groupId }]);
  });

  it('stores node documents as sent, newlines and non-ASCII text included, and a replay overwrites them', async () => {
    const nodes = [
      { id: `e:${hexId()}`, data: { message: 'line one\nline two\r\n\ttabbed "quoted" \\ backslash', user: { name: 'Zoë 🎉' }, tags: [['a', 'b']], n: 1.5, none: null } },
      { id: `i-o:${hexId()}`, data: { event: { nested: { deeper: ['\n', ''] } }, empty: {} } },
    ];
    await withTransaction(pool, (client) => putNodes(client, nodes));
    expect(await getNodes(pool, nodes.map((n) => n.id))).toEqual(new Map(nodes.map((n) => [n.id, n.data])));

    const replayed = { id: nodes[0]?.id ?? '', data: { message: 'rewritten' } };
    await withTransaction(pool, (client) => putNodes(client, [replayed]));
    expect((await getNodes(pool, [replayed.id])).get(replayed.id)).toEqual({ message: 'rewritten' });
  });

  it('stores what JSON.stringify writes even where jsonb would refuse it (NUL, a lone surrogate)', async () => {
    const node = { id: `e:${hexId()}`, data: { message: 'nul \u0000 and lone \ud800 surrogate' } };
    await withTransaction(pool, (client) => putNodes(client, [node]));
    expect((await getNodes(pool, [node.id])).get(node.id)).toEqual(node.data);
  });

  it('tells which node ids are stored', async () => {
    const [stored, absent] = [`e:${hexId()}`, `e:${hexId()}`];
    await withTransaction(pool, (client) => putNodes(client, [{ id: stored, data: { big: 'x'.repeat(10_000) } }]));
    expect(await existingNodeIds(pool, [stored, absent])).toEqual(new Set([stored]));
    expect(await existingNodeIds(pool, [])).toEqual(new Set());
  });

  it('stores a node sent twice in one batch once, with the later document', async () => {
    const id = `e:${hexId()}`;
    await withTransaction(pool, (client) => putNodes(client, [{ id, data: { version: 1 } }, { id: `i-o:${hexId()}`, data: {} }, { id, data: { version: 2 } }]));
    expect((await getNodes(pool, [id])).get(id)).toEqual({ version: 2 });
  });
});
