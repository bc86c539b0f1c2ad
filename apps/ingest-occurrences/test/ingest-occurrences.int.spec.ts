import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { defaultGroupTypeRegistry, defineGroupType, eventNodeId, hashFingerprint, occurrenceNodeId, GroupCategory, GroupStatus, GroupSubStatus, PriorityLevel } from '@issuestream/issue-platform';
import { frameConfluent } from '@issuestream/schemas';
import { fixturePath, waitFor } from '@issuestream/testing';
import { codec, IngestRun } from './ingest-occurrences.harness';

jest.setTimeout(120000);

const fixture = JSON.parse(
  readFileSync(fixturePath('ingest-occurrences.monitor-failure.json'), 'utf8'),
) as Record<string, unknown>;

let run: IngestRun;
beforeAll(async () => {
  run = new IngestRun();
  await run.start();
});
afterAll(() => run.stop());

const hex = () => randomUUID().replace(/-/g, '');

/** Waits until an occurrence sent now has been recorded: everything sent before it (one partition) has been processed. */
async function barrier(): Promise<void> {
  const { record } = await run.producer!.produceOccurrence({ projectId: run.projectId, fingerprint: [hex()], issueTitle: 'barrier', type: 6001, eventId: hex() }, { platform: 'other', tags: {}, timestamp: new Date().toISOString() });
  await waitFor(async () => (await run.resources!.pool.query('SELECT 1 FROM issue_occurrences WHERE id = $1', [record.id])).rowCount === 1 || undefined, { description: 'the barrier occurrence' });
}

function monitorFailure(overrides: Record<string, unknown> = {}) {
  const event = { ...(fixture['event'] as Record<string, unknown>), project_id: run.projectId };
  return { ...fixture, id: hex(), project_id: run.projectId, event, ...overrides };
}

describe('ingest-occurrences (real Kafka, registry, Postgres, Redis, ClickHouse)', () => {
  it('turns the reference JSON occurrence into a group, a stored event and a search row', async () => {
    const fingerprint = [hex()];
    const occurrence = monitorFailure({ fingerprint });
    await run.sendJson(occurrence);
    const [group] = await waitFor(async () => ((await run.groups()).some((g) => g.title === fixture['issue_title']) ? run.groups() : undefined), { description: 'the monitor group' });
    expect(group).toMatchObject({ type: 4001, status: GroupStatus.UNRESOLVED, substatus: GroupSubStatus.NEW, times_seen: '1', level: 40, priority: 75, culprit: '' });
    expect(group!.metadata).toMatchObject({ title: 'Monitor failure: poll_service', value: 'Your monitor has reached its failure threshold.' });
    const rows = await waitFor(async () => ((await run.searchIssues()).length > 0 ? run.searchIssues() : undefined), { description: 'a search_issues row' });
    expect(rows[0]).toMatchObject({ type: 4001, group_id: Number(group!.id), title: 'Monitor failure: poll_service', environment: 'us', level: 'error' });
    expect(rows[0]!.tags['monitor.slug']).toBe('poll_service');
    const eventId = String((occurrence.event as Record<string, unknown>)['event_id']).replace(/-/g, '');
    const [bodyId, eventNode] = [occurrenceNodeId(String(occurrence.id), run.projectId), eventNodeId(run.projectId, eventId)];
    const nodes = await run.nodes([bodyId, eventNode]);
    // The reference's stored form: fingerprint hashed, the event kept under its own node only.
    expect(nodes.get(bodyId)).toMatchObject({ id: occurrence.id, fingerprint: hashFingerprint(fingerprint), type: 4001, issue_title: 'Monitor failure: poll_service' });
    expect(nodes.get(bodyId)).not.toHaveProperty('event');
    expect(nodes.get(eventNode)).toMatchObject({ event_id: eventId, project_id: run.projectId });

    await run.sendJson(monitorFailure({ fingerprint }));
    await waitFor(async () => (await run.groups()).find((g) => g.id === group!.id && g.times_seen === '2'), { description: 'times_seen 2' });
  });

  it('serves search rows over HTTP and names a bad parameter', async () => {
    const base = await run.app!.getUrl();
    const rows = (await (await fetch(`${base}/search-issues?project_id=${run.projectId}&type=4001`)).json()) as { type: number; title: string }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.type === 4001)).toBe(true);
    const several = (await (await fetch(`${base}/search-issues?project_id=${run.projectId},999999999&type=4001`)).json()) as unknown[];
    expect(several).toEqual(rows);
    for (const projectId of ['abc', '1,', '']) {
      const bad = await fetch(`${base}/search-issues?project_id=${projectId}`);
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ field: 'project_id' });
    }
  });

  it('serves the api its issue-stream reads (rank, latest) and names a bad field', async () => {
    const base = await run.app!.getUrl();
    const post = (path: string, body: unknown) => fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const [row] = await run.searchIssues();
    const query = { projectIds: [run.projectId], types: [4001], start: 0, end: Date.now() + 60_000, environments: [], terms: [] };
    const ranked = (await (await post('/issue-stream/rank', { query, after: null, limit: 10 })).json()) as { issues: { groupId: number }[]; exhausted: boolean };
    expect(ranked.issues.map((i) => i.groupId)).toContain(row!.group_id);
    const latest = (await (await post('/issue-stream/latest', { projectIds: [run.projectId], groupIds: [row!.group_id] })).json()) as { groupId: number; environment: string }[];
    expect(latest).toEqual([expect.objectContaining({ groupId: row!.group_id, environment: row!.environment })]);
    const bad = await post('/issue-stream/rank', { query: { ...query, projectIds: ['x'] }, after: null, limit: 10 });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ field: 'query.projectIds.0' });
  });

  it('groups an Avro occurrence from the library and counts a redelivered id once', async () => {
    const fingerprint = [hex()];
    const produced = await run.producer!.produceOccurrence(
      { projectId: run.projectId, fingerprint, issueTitle: 'Avro issue', subtitle: 'sub', type: 6001, culprit: 'x'.repeat(250), level: 'warning' },
      { platform: 'javascript', tags: { browser: 'firefox' }, timestamp: new Date().toISOString(), environment: 'prod' },
    );
    const occurrenceId = produced.record.id;
    const avro = await codec.encode('ingest-occurrences', produced.record);
    await run.raw!.send(run.topic, [{ key: 'again', value: avro }]);
    await barrier();
    const groups = (await run.groups()).filter((g) => g.title === 'Avro issue');
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ type: 6001, times_seen: '1', level: 30, priority: PriorityLevel.MEDIUM });
    expect(groups[0]!.culprit).toHaveLength(200);
    expect(groups[0]!.culprit.endsWith('...')).toBe(true);
    const { rows } = await run.resources!.pool.query(`SELECT count(*)::int AS n FROM issue_occurrences WHERE id = $1`, [occurrenceId]);
    expect(rows[0].n).toBe(1);
    const search = (await run.searchIssues()).filter((r) => r.occurrence_id.replace(/-/g, '') === occurrenceId);
    expect(search).toHaveLength(1);
  });

  it('delays creation by the noise config: two sightings create nothing, the third does, and the count expires', async () => {
    const type = defaultGroupTypeRegistry.register(
      defineGroupType({ typeId: 90000 + Math.floor(Math.random() * 9000), slug: `noisy_${hex().slice(0, 8)}`, description: 'Noisy', category: GroupCategory.PERFORMANCE, released: true, noiseConfig: { ignoreLimit: 3, expirySeconds: 2 } }),
    );
    const fingerprint = [hex()];
    const send = () => run.producer!.produceOccurrence({ projectId: run.projectId, fingerprint, issueTitle: `noisy ${fingerprint[0]}`, type: type.typeId }, { platform: 'other', tags: {}, timestamp: new Date().toISOString() });
    const grouped = async () => (await run.groups()).filter((g) => g.title === `noisy ${fingerprint[0]}`);
    await send();
    await send();
    await barrier();
    expect(await grouped()).toHaveLength(0);
    await send();
    await waitFor(async () => ((await grouped()).length === 1 ? true : undefined), { description: 'the group on the third sighting' });
    expect((await grouped())[0]!.times_seen).toBe('1');

    const fresh = [hex()];
    const sendFresh = () => run.producer!.produceOccurrence({ projectId: run.projectId, fingerprint: fresh, issueTitle: `fresh ${fresh[0]}`, type: type.typeId }, { platform: 'other', tags: {}, timestamp: new Date().toISOString() });
    await sendFresh();
    await sendFresh();
    await barrier();
    const key = `is:grouphash:${hashFingerprint(fresh)[0]}:${run.projectId}`;
    await waitFor(async () => ((await run.resources!.redis.exists(key)) === 0 ? true : undefined), { timeoutMs: 10000, description: 'the noise counter to expire' });
    await sendFresh();
    await barrier();
    expect((await run.groups()).filter((g) => g.title === `fresh ${fresh[0]}`)).toHaveLength(0);
  });

  it('drops new issues beyond the type creation quota, per project and type', async () => {
    const type = defaultGroupTypeRegistry.register(
      defineGroupType({ typeId: 70000 + Math.floor(Math.random() * 9000), slug: `quota_${hex().slice(0, 8)}`, description: 'Quota', category: GroupCategory.PERFORMANCE, released: true, creationQuota: { windowSeconds: 3600, granularitySeconds: 60, limit: 2 } }),
    );
    const titles = [1, 2, 3].map((n) => `quota ${type.slug} ${n}`);
    for (const title of titles) {
      await run.producer!.produceOccurrence({ projectId: run.projectId, fingerprint: [hex()], issueTitle: title, type: type.typeId }, { platform: 'other', tags: {}, timestamp: new Date().toISOString() });
    }
    await barrier();
    const created = (await run.groups()).filter((g) => titles.includes(g.title)).map((g) => g.title);
    expect(created).toEqual(titles.slice(0, 2));
  });

  it('applies the allowed status transitions and ignores the rest', async () => {
    const fingerprint = [hex()];
    await run.producer!.produceOccurrence({ projectId: run.projectId, fingerprint, issueTitle: `status ${fingerprint[0]}`, type: 6001 }, { platform: 'other', tags: {}, timestamp: new Date().toISOString() });
    const group = async () => (await run.groups()).find((g) => g.title === `status ${fingerprint[0]}`);
    await waitFor(group, { description: 'the group' });
    const expectAfter = async (status: number, substatus: number | null, expected: [number, number | null]) => {
      await run.raw!.send(run.topic, [{ key: 's', value: await codec.encode('ingest-occurrences', { id: hex(), project_id: run.projectId, fingerprint, new_status: status, new_substatus: substatus, payload_type: 'status_change' }) }]);
      await barrier();
      const g = await group();
      expect([g!.status, g!.substatus]).toEqual(expected);
    };
    await expectAfter(GroupStatus.RESOLVED, null, [1, null]);
    await expectAfter(GroupStatus.RESOLVED, null, [1, null]);
    await expectAfter(GroupStatus.UNRESOLVED, GroupSubStatus.ONGOING, [0, 3]);
    await expectAfter(GroupStatus.IGNORED, GroupSubStatus.UNTIL_ESCALATING, [2, 1]);
    await expectAfter(GroupStatus.IGNORED, GroupSubStatus.UNTIL_CONDITION_MET, [2, 4]);
    await expectAfter(GroupStatus.IGNORED, GroupSubStatus.FOREVER, [2, 5]);
    await expectAfter(GroupStatus.UNRESOLVED, GroupSubStatus.ESCALATING, [0, 2]);
    await expectAfter(GroupStatus.UNRESOLVED, GroupSubStatus.REGRESSED, [0, 6]);
    // refused: missing substatus, unexpected substatus, wrong substatus, NEW, unsupported status
    await expectAfter(GroupStatus.IGNORED, null, [0, 6]);
    await expectAfter(GroupStatus.RESOLVED, GroupSubStatus.FOREVER, [0, 6]);
    await expectAfter(GroupStatus.IGNORED, GroupSubStatus.ONGOING, [0, 6]);
    await expectAfter(GroupStatus.UNRESOLVED, GroupSubStatus.NEW, [0, 6]);
    await expectAfter(GroupStatus.PENDING_DELETION, null, [0, 6]);
    // a resolved issue seen again regresses
    await expectAfter(GroupStatus.RESOLVED, null, [1, null]);
    await run.producer!.produceOccurrence({ projectId: run.projectId, fingerprint, issueTitle: `status ${fingerprint[0]}`, type: 6001 }, { platform: 'other', tags: {}, timestamp: new Date().toISOString() });
    await barrier();
    expect(await group()).toMatchObject({ status: 0, substatus: GroupSubStatus.REGRESSED, times_seen: '2' });
  });

  it('gates an unreleased type on the ingest and post-process flags', async () => {
    const type = defaultGroupTypeRegistry.register(
      defineGroupType({ typeId: 80000 + Math.floor(Math.random() * 9000), slug: `beta_${hex().slice(0, 8)}`, description: 'Beta', category: GroupCategory.METRIC_ALERT }),
    );
    const flags = { ingest: `organizations:issue-${type.slug.replace(/_/g, '-')}-ingest`, post: `organizations:issue-${type.slug.replace(/_/g, '-')}-post-process-group` };
    const send = (title: string) => run.producer!.produceOccurrence({ projectId: run.projectId, fingerprint: [hex()], issueTitle: title, type: type.typeId }, { platform: 'other', tags: {}, timestamp: new Date().toISOString() });
    await send('beta without flags');
    await barrier();
    expect((await run.groups()).some((g) => g.title === 'beta without flags')).toBe(false);

    await run.tenants!.setFeature(run.organizationId, flags.ingest, true);
    await send('beta ingested');
    await barrier();
    const ingested = (await run.groups()).find((g) => g.title === 'beta ingested');
    expect(ingested).toBeDefined();

    await run.tenants!.setFeature(run.organizationId, flags.post, true);
    await send('beta post-processed');
    await barrier();
    const post = (await run.groups()).find((g) => g.title === 'beta post-processed');
    const forType = await run.handoffsOfType(type.typeId, 1);
    expect(forType.map((h) => h.group_id)).toEqual([Number(post!.id)]);
    expect(forType[0]).toMatchObject({ is_new: true, is_regression: false, project_id: run.projectId, group_state: { status: 0, substatus: 7 } });
  });

  it('dead-letters a missing title, an unknown type, malformed JSON and an unknown Avro schema id', async () => {
    const withoutTitle: Record<string, unknown> = monitorFailure({ fingerprint: [hex()] });
    delete withoutTitle['issue_title'];
    await run.sendJson(withoutTitle);
    await run.sendJson(monitorFailure({ fingerprint: [hex()], type: 424242 }));
    await run.sendJson('{"id": "broken');
    await run.raw!.send(run.topic, [{ key: 'bad', value: frameConfluent(987654, Buffer.from([2, 4, 6])) }]);
    const letters = await run.deadLetters(4);
    expect(letters.map((l) => l.headers['x-dlq-reason'])).toEqual(['schema_validation', 'unknown_group_type', 'malformed_json', 'unknown_schema_id']);
    expect(letters[0]!.headers['x-dlq-error']).toMatch(/issue_title/);
    expect(letters[1]!.headers['x-dlq-error']).toMatch(/type: no group type 424242/);
  });
});
