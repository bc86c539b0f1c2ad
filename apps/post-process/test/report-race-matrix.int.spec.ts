import { randomUUID } from 'node:crypto';
import { occurrenceNodeId } from '@issuestream/issue-platform';
import { eventNodeId, getNodes } from '@issuestream/issues-data';
import { waitFor } from '@issuestream/testing';
import { newEventId, PostProcessRun } from './post-process.harness';

/**
 * A user report and the error it is about race each other, for each of the
 * four ways a report is made (issue 12 §4; spec-feedback §4–§8): whichever
 * arrives first, the report ends up linked to the error's issue and there is
 * one feedback issue about the error — a shimmed one for the three old ways,
 * only the feedback's own for new feedback with an associated event — and
 * sending the report again (and redelivering the error's eventstream insert)
 * adds none. Everything goes through the real apps: the relay stand-in,
 * ingest-events, ingest-attachments, ingest-feedback-events, the api,
 * post-process and ingest-occurrences, which makes the issues counted here.
 * The eight cases run at once, each on its own event. post-process's
 * periodic update_user_reports job is off, so a report sent first is always
 * linked by post-process's link_event_to_user_report (the job, which would
 * otherwise often get there first, has its own tests in user-reports).
 */

type Order = 'report first' | 'event first';

interface CreationPath {
  readonly name: string;
  /** Sends the report about `eventId` the way this path's client does, and waits until its receiver has handled it. */
  submit(eventId: string): Promise<void>;
  /** The evidence `source` of the one feedback issue about the error, by order. */
  readonly issueSource: Record<Order, string>;
}

interface FeedbackIssue {
  occurrenceId: string;
  groupId: string;
  source: string;
  replayId: string | null;
  /** What the issue's metadata says it is about, as the UI reads it. */
  metadataEventId: string | null;
}

interface CaseResult {
  eventId: string;
  reports: { group_id: string | null; environment: string | null }[];
  errorGroup: string | undefined;
  issues: FeedbackIssue[];
  afterResend: { reports: number; issues: FeedbackIssue[] };
}

const REPORT = { name: 'Jane', email: 'jane@example.com', comments: 'The checkout crashed after I clicked pay' };
/** post-process shims a report it links with source USER_REPORT_ENVELOPE, whatever the way in. */
const LINKED_BY_POST_PROCESS = 'user_report_envelope';

describe('a user report racing its error: one linked report and one feedback issue, for every way in and either order', () => {
  const run = new PostProcessRun();
  const results = new Map<string, Promise<CaseResult>>();
  const replayIds = new Map<string, string>();

  const paths: CreationPath[] = [
    {
      name: 'envelope user_report',
      async submit(eventId) {
        expect((await run.postEnvelope(eventId, [{ type: 'user_report', payload: { event_id: eventId, ...REPORT } }])).status).toBe(200);
        await run.waitForConsumed('ingest-attachments', run.attachmentsTopic);
      },
      issueSource: { 'report first': LINKED_BY_POST_PROCESS, 'event first': 'user_report_envelope' },
    },
    {
      name: 'legacy user-feedback endpoint',
      async submit(eventId) {
        const response = await fetch(`${run.apiUrl}/api/0/projects/${run.organizationSlug}/app/user-feedback/`, {
          method: 'POST', headers: { 'content-type': 'application/json', authorization: `DSN ${run.dsn()}` }, body: JSON.stringify({ event_id: eventId, ...REPORT }),
        });
        expect(response.status).toBe(200);
      },
      issueSource: { 'report first': LINKED_BY_POST_PROCESS, 'event first': 'user_report_sentry_django_endpoint' },
    },
    {
      name: 'crash-report modal',
      async submit(eventId) {
        const response = await fetch(`${run.apiUrl}/api/embed/error-page/?eventId=${eventId}&dsn=${encodeURIComponent(run.dsn())}`, {
          method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://shop.example.com' }, body: new URLSearchParams(REPORT).toString(),
        });
        expect(response.status).toBe(200);
      },
      issueSource: { 'report first': LINKED_BY_POST_PROCESS, 'event first': 'crash_report_embed_form' },
    },
    {
      name: 'new feedback with associatedEventId',
      async submit(eventId) {
        // The feedback's own id is derived from the error's, so sending it again is the same feedback. Its
        // environment is not the error's: the report, linked, takes the error's (save_userreport, link_event_to_user_report).
        const feedbackId = eventId.split('').reverse().join('');
        const feedback = {
          type: 'feedback', event_id: feedbackId, timestamp: Date.now() / 1000, level: 'info', platform: 'javascript', environment: 'staging',
          contexts: { feedback: { message: REPORT.comments, contact_email: REPORT.email, name: REPORT.name, source: 'widget', url: 'https://shop.example.com/', associated_event_id: eventId } },
        };
        expect((await run.postEnvelope(feedbackId, [{ type: 'feedback', payload: feedback }])).status).toBe(200);
        await run.waitForConsumed('ingest-feedback-events', run.feedbackTopic);
      },
      issueSource: { 'report first': 'new_feedback_envelope', 'event first': 'new_feedback_envelope' },
    },
  ];
  const orders: Order[] = ['report first', 'event first'];
  const cases = paths.flatMap((path) => orders.map((order) => ({ path, order, title: `${path.name}, ${order}` })));

  /** An error event from the browser SDK through the relay, with a replay of its own (copied onto a shimmed feedback). */
  async function sendError(eventId: string): Promise<void> {
    const replayId = randomUUID().replace(/-/g, '');
    replayIds.set(eventId, replayId);
    const error = {
      event_id: eventId, platform: 'javascript', level: 'error', environment: 'production', timestamp: Date.now() / 1000,
      exception: { values: [{ type: 'TypeError', value: 'cart is undefined', stacktrace: { frames: [{ function: 'pay', filename: 'https://shop.example.com/app.js', lineno: 7, in_app: true }] } }] },
      contexts: { replay: { replay_id: replayId } },
    };
    expect((await run.postEnvelope(eventId, [{ type: 'event', payload: error }])).status).toBe(200);
  }

  /** The feedback issues about the error (their occurrences' evidence names it), as ingest-occurrences stored them: occurrence, issue, and the feedback event. */
  async function feedbackIssues(eventId: string): Promise<FeedbackIssue[]> {
    const { rows } = await run.pool.query<{ id: string; group_id: string; event_id: string; metadata_event_id: string | null }>(
      `SELECT replace(o.id::text, '-', '') AS id, o.group_id::text AS group_id, o.event_id, g.metadata->>'associated_event_id' AS metadata_event_id
         FROM issue_occurrences o LEFT JOIN groups g ON g.id = o.group_id WHERE o.project_id = $1 AND o.type = 6001`,
      [run.projectId],
    );
    const nodes = await getNodes(run.pool, rows.flatMap((row) => [occurrenceNodeId(row.id, run.projectId), eventNodeId(run.projectId, row.event_id)]));
    return rows.flatMap((row) => {
      const occurrence = nodes.get(occurrenceNodeId(row.id, run.projectId)) as { evidence_data?: { associated_event_id?: string; source?: string } } | undefined;
      if (occurrence?.evidence_data?.associated_event_id !== eventId) return [];
      const event = nodes.get(eventNodeId(run.projectId, row.event_id)) as { contexts?: { feedback?: { replay_id?: string } } } | undefined;
      return [{
        occurrenceId: row.id, groupId: row.group_id, source: String(occurrence.evidence_data.source),
        replayId: event?.contexts?.feedback?.replay_id ?? null, metadataEventId: row.metadata_event_id,
      }];
    });
  }

  const reportsOf = async (eventId: string) =>
    (await run.pool.query<{ group_id: string | null; environment: string | null }>(
      'SELECT r.group_id::text AS group_id, e.name AS environment FROM user_reports r LEFT JOIN environments e ON e.id = r.environment_id WHERE r.project_id = $1 AND r.event_id = $2',
      [run.projectId, eventId],
    )).rows;

  /** Everything in flight has been handled: each consumer has committed all it was sent, ingest-occurrences last (the others feed it). */
  async function settled(): Promise<void> {
    for (const [app, topic] of [
      ['ingest-events', run.ingestTopic], ['ingest-attachments', run.attachmentsTopic], ['ingest-feedback-events', run.feedbackTopic],
      ['post-process', run.eventsTopic], ['ingest-occurrences', run.occurrencesTopic],
    ] as const) await run.waitForConsumed(app, topic);
  }

  async function raceCase(path: CreationPath, order: Order): Promise<CaseResult> {
    const eventId = newEventId();
    if (order === 'report first') {
      await path.submit(eventId);
      await waitFor(async () => (await reportsOf(eventId)).length > 0, { timeoutMs: 60000, description: `the report of ${path.name} stored` });
      await sendError(eventId);
    } else {
      await sendError(eventId);
      await waitFor(() => run.storedGroup(eventId), { timeoutMs: 60000, description: 'the error stored' });
      // Stored and through post-process (which found no report to link) before the report is sent.
      await run.waitForConsumed('ingest-events', run.ingestTopic);
      await run.waitForConsumed('post-process', run.eventsTopic);
      await path.submit(eventId);
    }
    const errorGroup = await waitFor(() => run.storedGroup(eventId), { timeoutMs: 60000, description: 'the error stored' });
    await waitFor(async () => (await reportsOf(eventId))[0]?.group_id === errorGroup, { timeoutMs: 60000, description: `the report of ${path.name} linked` });
    await waitFor(async () => (await feedbackIssues(eventId)).length > 0, { timeoutMs: 60000, description: `a feedback issue about ${eventId}` });
    await settled();
    const reports = await reportsOf(eventId);
    const issues = await feedbackIssues(eventId);

    // The client sends the report again, and the error's eventstream insert is delivered again (a consumer restart).
    await path.submit(eventId);
    await run.sendAvro([run.insert(Number(errorGroup), eventId, { contexts: { replay: { replay_id: replayIds.get(eventId) ?? '' } } })]);
    await settled();
    return { eventId, reports, errorGroup, issues, afterResend: { reports: (await reportsOf(eventId)).length, issues: await feedbackIssues(eventId) } };
  }

  beforeAll(async () => {
    await run.setUp();
    await Promise.all([
      run.startIngestEvents(), run.startRelay(), run.startApi(), run.startIngestAttachments(), run.startIngestFeedbackEvents(), run.startIngestOccurrences(),
      run.start({ UPDATE_USER_REPORTS_INTERVAL_MS: '0' }),
    ]);
    for (const { path, order, title } of cases) {
      const result = raceCase(path, order);
      result.catch(() => undefined);
      results.set(title, result);
    }
  }, 240000);

  afterAll(() => run.tearDown(), 60000);

  it.each(cases)('$title', async ({ path, order, title }) => {
    const { eventId, reports, errorGroup, issues, afterResend } = await results.get(title)!;
    expect(reports).toEqual([{ group_id: errorGroup, environment: 'production' }]); // the error's
    expect(issues).toHaveLength(1);
    const [issue] = issues;
    expect(issue!.source).toBe(path.issueSource[order]);
    // A shimmed feedback carries its error's replay; new feedback has none of its own here.
    expect(issue!.replayId).toBe(issue!.source === 'new_feedback_envelope' ? null : replayIds.get(eventId));
    expect(issue!.metadataEventId).toBe(eventId);
    expect(afterResend).toEqual({ reports: 1, issues });
  }, 240000);
});
