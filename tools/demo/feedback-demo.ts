// Demo for the main command: seeds a demo organisation, project, DSN key and
// feedback alert rule, sends user feedback with a screenshot through the real
// Sentry SDK to the Relay stand-in, and prints the feedback issue from
// Postgres and from ClickHouse, the stored screenshot next to it (downloaded
// through the api), and the subject of the alert e-mail post-process sent to
// the stack's SMTP server (.stack/mail).
import { createHash, randomUUID } from 'node:crypto';
import * as Sentry from '@sentry/node';
import { API_TOKEN_MIGRATIONS_TABLE, apiTokenMigrations, ApiTokenStore } from '@issuestream/api-tokens-data';
import { createPgPool, migrate } from '@issuestream/storage';
import { waitFor } from '@issuestream/testing';
import { ensureDemoAlertRule, seedDemoProject, waitUntilReady } from './demo-project';
import { demoScreenshotPng } from './demo-screenshot';
import { runDemo } from './run-demo';
import { printFeedbackAlertMail } from './stack-mail';

const env = process.env;
const relayPort = env['RELAY_PORT'] ?? '3000';
const occurrencesUrl = env['INGEST_OCCURRENCES_URL'] ?? 'http://127.0.0.1:3200';
const feedbackUrl = env['INGEST_FEEDBACK_EVENTS_URL'] ?? 'http://127.0.0.1:3300';
const attachmentsUrl = env['INGEST_ATTACHMENTS_URL'] ?? 'http://127.0.0.1:3600';
const apiUrl = env['API_URL'] ?? 'http://127.0.0.1:3500';
const postProcessUrl = env['POST_PROCESS_URL'] ?? 'http://127.0.0.1:3700';
async function main(): Promise<void> {
  const pool = createPgPool(env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/issuestream');
  try {
    await waitUntilReady([`http://127.0.0.1:${relayPort}`, feedbackUrl, occurrencesUrl, attachmentsUrl, apiUrl, postProcessUrl]);
    const { project, dsn } = await seedDemoProject(pool, relayPort, 'demo');
    await ensureDemoAlertRule(pool, project.id);
    console.log(`[demo] DSN for project demo/demo: ${dsn}`);

    Sentry.init({ dsn, defaultIntegrations: false, skipOpenTelemetrySetup: true, environment: 'demo' });
    const message = `The demo checkout button does nothing (${randomUUID().slice(0, 8)})`;
    const screenshot = demoScreenshotPng();
    const feedbackId = Sentry.captureFeedback(
      { message, name: 'Demo User', email: 'demo@example.com' },
      { attachments: [{ filename: 'screenshot.png', data: screenshot, contentType: 'application/png' }] },
    );
    await Sentry.flush(5000);
    console.log(`[demo] sent feedback with a ${screenshot.length}-byte screenshot.png with @sentry/node: "${message}"`);

    const title = `User Feedback: ${message}`;
    const group = await waitFor(
      async () => (await pool.query(`SELECT id, type, title, status, substatus, times_seen, priority FROM groups WHERE project_id = $1 AND title = $2`, [project.id, title])).rows[0],
      { timeoutMs: 60000, description: 'the feedback issue in Postgres' },
    );
    console.log(`[demo] Postgres issue: ${JSON.stringify(group)}`);
    const row = await waitFor(
      async () => {
        const rows = (await (await fetch(`${occurrencesUrl}/search-issues?project_id=${project.id}&type=6001&limit=1000`)).json()) as { title: string }[];
        return rows.find((r) => r.title === title);
      },
      { timeoutMs: 60000, description: 'the search_issues row in ClickHouse' },
    );
    console.log(`[demo] ClickHouse search_issues row: ${JSON.stringify(row)}`);

    // The screenshot: stored by ingest-attachments under the feedback's event id, linked to its issue.
    const stored = await waitFor(
      async () => (await pool.query(
        `SELECT id, event_id, group_id, name, content_type, size, sha1, blob_key FROM event_attachments WHERE project_id = $1 AND event_id = $2 AND group_id IS NOT NULL`,
        [project.id, feedbackId],
      )).rows[0] as { id: string; group_id: string; sha1: string } | undefined,
      { timeoutMs: 60000, description: 'the screenshot linked to the feedback issue' },
    );
    console.log(`[demo] stored attachment of issue ${group.id}: ${JSON.stringify(stored)}`);
    await migrate(pool, apiTokenMigrations, { table: API_TOKEN_MIGRATIONS_TABLE });
    const { secret } = await new ApiTokenStore(pool).create({ organizationId: project.organizationId, scopes: ['project:read'], label: 'demo' });
    const downloadPath = `/api/0/projects/demo/demo/events/${feedbackId}/attachments/${stored.id}/?download`;
    const download = await fetch(`${apiUrl}${downloadPath}`, { headers: { authorization: `Bearer ${secret}` } });
    const bytes = Buffer.from(await download.arrayBuffer());
    const same = createHash('sha1').update(bytes).digest('hex') === stored.sha1 && bytes.equals(screenshot);
    console.log(`[demo] GET ${apiUrl}${downloadPath} (organisation token) → ${download.status}, ${bytes.length} bytes, ${same ? 'the screenshot sent' : 'NOT the screenshot sent'}`);
    if (!same) throw new Error('the downloaded screenshot differs from the one sent');
    await printFeedbackAlertMail(message, 60000);
    await Sentry.close(2000);
  } finally {
    await pool.end();
  }
}

runDemo(main);
