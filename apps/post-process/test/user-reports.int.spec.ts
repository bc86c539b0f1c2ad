import { randomUUID } from 'node:crypto';
import { waitFor } from '@issuestream/testing';
import { newEventId, PostProcessRun } from './post-process.harness';

/**
 * User reports and their errors, against the real ingest-events (which stores
 * the error and writes the eventstream) and post-process: whichever arrives
 * first, a report ends up linked to its error's issue and turned into one
 * feedback issue (one occurrence id), never two.
 */
describe('post-process: user reports linked to their errors', () => {
  const run = new PostProcessRun();

  beforeAll(async () => {
    await run.setUp();
    await run.startIngestEvents();
    await run.start({ UPDATE_USER_REPORTS_INTERVAL_MS: '0' });
  }, 180000);

  afterAll(() => run.tearDown(), 30000);

  const linked = async (eventId: string) => (await run.report(eventId))?.group_id != null;
  const occurrencesFor = async (eventId: string) => (await run.feedbackOccurrences()).filter((o) => o.associatedEventId === eventId);

  it('report before event: the error links the report and shims it once, copying the replay context; a redelivered insert changes nothing', async () => {
    const eventId = newEventId();
    const replayId = randomUUID().replace(/-/g, '');
    await run.saveReport(eventId);
    await run.sendError(eventId, { contexts: { replay: { replay_id: replayId } } });
    await waitFor(() => linked(eventId), { timeoutMs: 60000, description: `report linked (${run.app?.output().slice(-2000)})` });
    const report = await run.report(eventId);
    expect(report?.group_id).toBe(await run.storedGroup(eventId));
    expect(report?.environment_id).not.toBeNull();
    await waitFor(async () => (await occurrencesFor(eventId)).length >= 1, { timeoutMs: 30000, description: 'feedback occurrence' });
    const [occurrence] = await occurrencesFor(eventId);
    expect(occurrence).toMatchObject({ source: 'user_report_envelope', message: 'It broke when I clicked save', replayId });

    // The eventstream insert again (a redelivery after a crash): the report is linked already, so nothing is shimmed.
    const before = await run.metric('issuestream_post_process_events_total', 'kind="error"');
    await run.sendAvro([run.insert(Number(report?.group_id), eventId)]);
    await run.waitForMetric('issuestream_post_process_events_total', 'kind="error"', before + 1);
    await run.updateUserReportsOnce();
    expect((await occurrencesFor(eventId)).length).toBe(1);
  }, 120000);

  it('event before report: a report stored without its issue (its lookup raced the event) is linked and shimmed once by update_user_reports', async () => {
    const eventId = newEventId();
    const before = await run.metric('issuestream_post_process_events_total', 'kind="error"');
    await run.sendError(eventId);
    await waitFor(async () => (await run.storedGroup(eventId)) !== undefined, { timeoutMs: 60000, description: 'error stored' });
    await run.waitForMetric('issuestream_post_process_events_total', 'kind="error"', before + 1);
    await run.saveReport(eventId);
    expect(await run.updateUserReportsOnce()).toBe(0);
    expect(await run.report(eventId)).toMatchObject({ group_id: await run.storedGroup(eventId) });
    await waitFor(async () => (await occurrencesFor(eventId)).length >= 1, { timeoutMs: 30000, description: 'feedback occurrence' });
    expect((await occurrencesFor(eventId))[0]?.source).toBe('update_user_reports_task');
    // Again, and the event's insert once more: still one feedback.
    await run.updateUserReportsOnce();
    await run.sendAvro([run.insert(Number(await run.storedGroup(eventId)), eventId)]);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await occurrencesFor(eventId)).length).toBe(1);
  }, 120000);

  it('a report made from new-style feedback (environment set) is linked but never shimmed', async () => {
    const eventId = newEventId();
    const environment = await run.tenants.ensureEnvironments([{ organizationId: run.organizationId, name: 'staging' }]);
    await run.saveReport(eventId, { environmentId: [...environment.values()][0] as number });
    await run.sendError(eventId);
    await waitFor(() => linked(eventId), { timeoutMs: 60000, description: 'report linked' });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await occurrencesFor(eventId)).toEqual([]);
  }, 120000);

  it('a reprocessed event moves its reports to its new issue without shimming', async () => {
    const eventId = newEventId();
    await run.saveReport(eventId);
    await run.sendError(eventId);
    await waitFor(() => linked(eventId), { timeoutMs: 60000, description: 'report linked' });
    await run.sendAvro([run.insert(987654, eventId, { contexts: { reprocessing: { original_issue_id: 1 } } })]);
    await waitFor(async () => (await run.report(eventId))?.group_id === '987654', { timeoutMs: 30000, description: 'report moved' });
    expect((await occurrencesFor(eventId)).length).toBe(1);
  }, 120000);

  it('SIGKILL mid-batch, then every message delivered twice: every report linked, each shimmed to exactly one feedback', async () => {
    const count = 300;
    const groupId = 4242;
    const eventIds = Array.from({ length: count }, () => newEventId());
    await run.stop();
    for (const eventId of eventIds) await run.saveReport(eventId);
    const inserts = eventIds.map((eventId) => run.insert(groupId, eventId));
    await run.sendAvro(inserts);
    await run.sendJson(inserts);
    const linkedCount = async () => (await run.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM user_reports WHERE project_id = $1 AND event_id = ANY($2) AND group_id IS NOT NULL', [run.projectId, eventIds],
    )).rows[0]?.n ?? 0;

    await run.start({ UPDATE_USER_REPORTS_INTERVAL_MS: '0', KAFKA_BATCH_MAX_MESSAGES: '20', KAFKA_COMMIT_INTERVAL_MS: '5000' });
    await waitFor(async () => (await linkedCount()) > 0, { timeoutMs: 60000, intervalMs: 20, description: 'some reports linked' });
    await run.kill();
    const atKill = await linkedCount();
    await run.start({ UPDATE_USER_REPORTS_INTERVAL_MS: '0' });
    await waitFor(async () => (await linkedCount()) === count, { timeoutMs: 120000, description: 'every report linked' });

    const wanted = new Set(eventIds);
    await waitFor(async () => new Set((await run.feedbackOccurrences()).filter((o) => wanted.has(o.associatedEventId)).map((o) => o.associatedEventId)).size === count, {
      timeoutMs: 60000, description: 'a feedback for every report',
    });
    const idsByEvent = new Map<string, Set<string>>();
    for (const o of (await run.feedbackOccurrences()).filter((x) => wanted.has(x.associatedEventId))) {
      idsByEvent.set(o.associatedEventId, (idsByEvent.get(o.associatedEventId) ?? new Set()).add(o.id));
    }
    expect([...idsByEvent.values()].filter((ids) => ids.size !== 1)).toEqual([]);
    expect(idsByEvent.size).toBe(count);
    // The kill landed mid-way (not after everything was done), or the test proved less than it claims.
    expect(atKill).toBeLessThan(count);
  }, 300000);
});
