// Demo for the main command (issue 12's seed scenario): a user report that
// arrives before its error. The report goes first to the api's legacy
// endpoint for an event id chosen up front; then @sentry/node sends the error
// with that id. Shows the report linked to the error's issue once the error
// is stored, the feedback issue post-process made of it, and the subject of
// the feedback alert e-mail in the stack's mail directory.
import { randomUUID } from 'node:crypto';
import * as Sentry from '@sentry/node';
import { createPgPool } from '@issuestream/storage';
import { waitFor } from '@issuestream/testing';
import { ensureDemoAlertRule, seedDemoProject, waitUntilReady } from './demo-project';
import { runDemo } from './run-demo';
import { printFeedbackAlertMail } from './stack-mail';

const env = process.env;
const relayPort = env['RELAY_PORT'] ?? '3000';
const eventsUrl = env['INGEST_EVENTS_URL'] ?? 'http://127.0.0.1:3400';
const apiUrl = env['API_URL'] ?? 'http://127.0.0.1:3500';
const postProcessUrl = env['POST_PROCESS_URL'] ?? 'http://127.0.0.1:3700';
const WAIT_MS = 60_000;

async function main(): Promise<void> {
  const pool = createPgPool(env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/issuestream');
  try {
    await waitUntilReady([`http://127.0.0.1:${relayPort}`, eventsUrl, apiUrl, postProcessUrl]);
    const { project, dsn } = await seedDemoProject(pool, relayPort, 'demo-user-report');
    await ensureDemoAlertRule(pool, project.id);
    const eventId = randomUUID().replace(/-/g, '');
    const reportRow = async () =>
      (await pool.query(`SELECT id, event_id, group_id, environment_id, name, comments FROM user_reports WHERE project_id = $1 AND event_id = $2`, [project.id, eventId])).rows[0] as
        | { group_id: string | null }
        | undefined;

    const comments = `Saving my order crashed the page (${eventId.slice(0, 8)})`;
    const response = await fetch(`${apiUrl}/api/0/projects/demo/demo/user-feedback/`, {
      method: 'POST',
      headers: { authorization: `DSN ${dsn}`, 'content-type': 'application/json' },
      body: JSON.stringify({ event_id: eventId, name: 'Demo User', email: 'demo@example.com', comments }),
    });
    if (!response.ok) throw new Error(`the user report was refused: ${response.status} ${await response.text()}`);
    console.log(`[demo] user report for event ${eventId} sent first (api user-feedback endpoint → ${response.status}); stored without an issue: ${JSON.stringify(await reportRow())}`);

    Sentry.init({ dsn, defaultIntegrations: false, skipOpenTelemetrySetup: true, environment: 'demo', release: 'demo@1.0.0' });
    Sentry.captureException(new Error(`Order could not be saved (${eventId.slice(0, 8)})`), { event_id: eventId });
    await Sentry.flush(5000);
    console.log(`[demo] then the error with that event id (@sentry/node captureException)`);

    const linked = await waitFor(async () => ((await reportRow())?.group_id ? reportRow() : undefined), {
      timeoutMs: WAIT_MS,
      description: `the user report linked to the error's issue by post-process (${postProcessUrl})`,
    });
    console.log(`[demo] user report linked to the error's issue: ${JSON.stringify(linked)}`);
    const title = `User Feedback: ${comments}`;
    const feedbackIssue = await waitFor(
      async () => (await pool.query(`SELECT id, type, title, status, substatus FROM groups WHERE project_id = $1 AND title = $2`, [project.id, title])).rows[0],
      { timeoutMs: WAIT_MS, description: 'the feedback issue made of the report (post-process → ingest-occurrences)' },
    );
    console.log(`[demo] feedback issue: ${JSON.stringify(feedbackIssue)}`);
    await printFeedbackAlertMail(comments, WAIT_MS);
    await Sentry.close(2000);
  } finally {
    await pool.end();
  }
}

runDemo(main);
