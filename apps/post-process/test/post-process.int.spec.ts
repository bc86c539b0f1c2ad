import { randomUUID } from 'node:crypto';
import { EventAttachmentStore } from '@issuestream/attachments-data';
import { waitFor } from '@issuestream/testing';
import { insertMessage, newEventId, PostProcessRun } from './post-process.harness';

interface ReplayEvents {
  events: { eventId: string; level: string; replayId: string }[];
}

describe('post-process (errors eventstream)', () => {
  const run = new PostProcessRun();
  let groupId = 1000;

  beforeAll(async () => {
    await run.setUp();
    await run.start({ POST_PROCESS_STEP_ATTEMPTS: '2', POST_PROCESS_DEFERRED_INTERVAL_MS: '500' });
  }, 120000);

  afterAll(() => run.tearDown(), 30000);

  beforeEach(() => {
    groupId += 1;
  });

  const replayLinks = async (replayId: string): Promise<ReplayEvents> =>
    (await fetch(`http://127.0.0.1:${run.httpPort}/replay-links?project_id=${run.projectId}&replay_id=${replayId}`)).json() as Promise<ReplayEvents>;
  const replaysOf = async (eventId: string): Promise<string[]> =>
    ((await (await fetch(`http://127.0.0.1:${run.httpPort}/replay-links?project_id=${run.projectId}&event_id=${eventId}`)).json()) as { replayIds: string[] }).replayIds;

  it('consumes inserts in Avro and in the reference JSON form, and sets the project\'s first event from the earliest error', async () => {
    const before = await run.metric('issuestream_post_process_events_total', 'kind="error"');
    await run.sendAvro([run.insert(groupId, newEventId(), { timestamp: 1_767_225_600 })]);
    await run.sendJson([run.insert(groupId, newEventId())]);
    await run.waitForMetric('issuestream_post_process_events_total', 'kind="error"', before + 2);
    await waitFor(async () => (await run.tenants.getProject(run.projectId))?.firstEvent !== null, { timeoutMs: 30000, description: 'first_event set' });
  }, 90000);

  it('links an error to its replay from contexts.replay, else from the replayId tag, once per event, and answers both ways', async () => {
    const replayId = randomUUID();
    const fromContext = newEventId();
    const fromTag = newEventId();
    const bothWays = newEventId();
    const contextWins = randomUUID().replace(/-/g, '');
    await run.sendAvro([
      run.insert(groupId, fromContext, { contexts: { replay: { replay_id: replayId } } }),
      run.insert(groupId, fromTag, { level: 'warning', tags: [['replayId', replayId.replace(/-/g, '')]] }),
      run.insert(groupId, bothWays, { contexts: { replay: { replay_id: contextWins } }, tags: [['replayId', replayId]] }),
    ]);
    // The same inserts again (a resend) and as the reference's JSON: still one link each.
    await run.sendJson([run.insert(groupId, fromContext, { contexts: { replay: { replay_id: replayId } } })]);
    const hex = replayId.replace(/-/g, '');
    await waitFor(async () => (await replayLinks(hex)).events.length === 2 && (await replaysOf(bothWays)).length === 1, { timeoutMs: 30000, description: 'replay links' });
    await run.waitForMetric('issuestream_post_process_replay_links_total', 'outcome="linked"', 4);
    const links = (await replayLinks(hex)).events;
    expect(links.map((l) => [l.eventId, l.level]).sort()).toEqual([[fromContext, 'error'], [fromTag, 'warning']].sort());
    expect(await replaysOf(fromTag)).toEqual([hex]);
    expect(await replaysOf(bothWays)).toEqual([contextWins]);
  }, 90000);

  it('parks what it cannot decode on the dead-letter topic with the reason, and goes on with the next insert', async () => {
    const before = await run.metric('issuestream_post_process_events_total', 'kind="error"');
    await run.sendRaw([Buffer.from('not an eventstream message'), Buffer.from(JSON.stringify([2, 'insert', { project_id: 'x' }, {}]))]);
    await run.sendAvro([run.insert(groupId, newEventId())]);
    const parked = await run.deadLetters(2);
    expect(parked.map((m) => m.value?.toString())).toEqual(['not an eventstream message', JSON.stringify([2, 'insert', { project_id: 'x' }, {}])]);
    for (const letter of parked) expect(letter.headers['x-dlq-reason']).toBeTruthy();
    await run.waitForMetric('issuestream_post_process_events_total', 'kind="error"', before + 1);
  }, 90000);

  it('gives no link to a replay id that is not a UUID, nor to a level without an id column', async () => {
    const replayId = randomUUID().replace(/-/g, '');
    const invalidBefore = await run.metric('issuestream_post_process_replay_links_total', 'outcome="id_invalid"');
    const notUuid = newEventId();
    const badLevel = newEventId();
    const marker = newEventId();
    await run.sendAvro([
      run.insert(groupId, notUuid, { contexts: { replay: { replay_id: 'not-a-replay' } } }),
      run.insert(groupId, badLevel, { level: 'default', contexts: { replay: { replay_id: replayId } } }),
      run.insert(groupId, marker, { contexts: { replay: { replay_id: replayId } } }),
    ]);
    await waitFor(async () => (await replayLinks(replayId)).events.length === 1, { timeoutMs: 30000, description: 'the marker event linked' });
    expect((await replayLinks(replayId)).events.map((l) => l.eventId)).toEqual([marker]);
    expect(await replaysOf(notUuid)).toEqual([]);
    expect(await run.metric('issuestream_post_process_replay_links_total', 'outcome="id_invalid"')).toBe(invalidBefore + 1);
  }, 90000);

  it('gives attachments stored before their event the event\'s issue, and leaves an attachment with an issue alone', async () => {
    const store = new EventAttachmentStore(run.pool);
    const eventId = newEventId();
    const attachment = (attachmentId: string, group: number | null) => ({
      projectId: run.projectId, eventId, attachmentId, groupId: group, type: 'event.attachment', name: 'log.txt', contentType: 'text/plain',
      size: 0, sha1: 'da39a3ee5e6b4b0d3255bfef95601890afd80709', blobKey: null, dateAdded: new Date(),
    });
    await store.insert([attachment('1'.repeat(32), null), attachment('2'.repeat(32), 7)]);
    await run.sendAvro([run.insert(groupId, eventId)]);
    await waitFor(async () => (await store.listByEvent(run.projectId, eventId)).some((a) => a.groupId === groupId), { timeoutMs: 30000, description: 'attachment linked' });
    expect((await store.listByEvent(run.projectId, eventId)).map((a) => a.groupId).sort()).toEqual([7, groupId].sort());
  }, 90000);

  it('sets has_flags from contexts.flags and has_transactions from a transaction', async () => {
    const org = run.organizationId;
    const project = await run.tenants.createProject({ organizationId: org, slug: `flags-${groupId}`, platform: 'node' });
    const flagged = insertMessage(project.id, org, groupId, newEventId(), { contexts: { flags: { values: [{ flag: 'new-checkout', result: true }] } } });
    const transaction = insertMessage(project.id, org, groupId, newEventId(), { type: 'transaction' });
    transaction.state.queue = 'post_process_transactions';
    await run.sendAvro([flagged, transaction]);
    await waitFor(async () => {
      const found = await run.tenants.getProject(project.id);
      return found?.hasFlags === true && found.hasTransactions;
    }, { timeoutMs: 30000, description: 'has_flags and has_transactions' });
  }, 90000);

  it('parks a step that keeps failing, runs the others, and applies the parked step once it can', async () => {
    const store = new EventAttachmentStore(run.pool);
    const eventId = newEventId();
    const replayId = randomUUID().replace(/-/g, '');
    await store.insert([{
      projectId: run.projectId, eventId, attachmentId: '3'.repeat(32), groupId: null, type: 'event.attachment', name: 'a.txt', contentType: 'text/plain',
      size: 0, sha1: 'da39a3ee5e6b4b0d3255bfef95601890afd80709', blobKey: null, dateAdded: new Date(),
    }]);
    await run.pool.query('ALTER TABLE event_attachments RENAME TO event_attachments_away');
    try {
      await run.sendAvro([run.insert(groupId, eventId, { contexts: { replay: { replay_id: replayId } } })]);
      await waitFor(async () => (await replayLinks(replayId)).events.length === 1, { timeoutMs: 30000, description: 'the replay step ran' });
      await waitFor(async () => (await run.pool.query('SELECT 1 FROM post_process_deferred WHERE event_id = $1', [eventId])).rowCount === 1, {
        timeoutMs: 30000, description: 'the attachment step parked',
      });
    } finally {
      await run.pool.query('ALTER TABLE event_attachments_away RENAME TO event_attachments');
    }
    await waitFor(async () => (await store.listByEvent(run.projectId, eventId))[0]?.groupId === groupId, { timeoutMs: 60000, description: 'parked step applied' });
    await waitFor(async () => (await run.pool.query('SELECT 1 FROM post_process_deferred WHERE event_id = $1', [eventId])).rowCount === 0, { timeoutMs: 30000, description: 'parked row cleared' });
    expect(await run.metric('issuestream_post_process_step_deferred_total', 'step="update_existing_attachments"')).toBeGreaterThanOrEqual(1);
  }, 120000);
});
