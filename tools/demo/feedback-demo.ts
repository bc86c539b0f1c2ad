// Demo for the main command: seeds a demo organisation, project, DSN key and
// feedback alert rule, sends user feedback through the real Sentry SDK to the
// Relay stand-in, and prints the feedback issue from Postgres and from
// ClickHouse, and the subject of the alert e-mail post-process sent to the
// stack's SMTP server (.stack/mail).
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import * as Sentry from '@sentry/node';
import { createPgPool } from '@issuestream/storage';
import { waitFor } from '@issuestream/testing';
import { ensureDemoAlertRule, seedDemoProject, waitUntilReady } from './demo-project';

const env = process.env;
const relayPort = env['RELAY_PORT'] ?? '3000';
const occurrencesUrl = env['INGEST_OCCURRENCES_URL'] ?? 'http://127.0.0.1:3200';
const feedbackUrl = env['INGEST_FEEDBACK_EVENTS_URL'] ?? 'http://127.0.0.1:3300';
const postProcessUrl = env['POST_PROCESS_URL'] ?? 'http://127.0.0.1:3700';
// Where the stack's SMTP server keeps what it receives (deploy/local/mail-server.mjs).
const mailDir = path.resolve(__dirname, '../..', env['STACK_DIR'] ?? '.stack', 'mail');

/** The subject and file of the first e-mail in the stack's mail directory whose subject contains `text`. */
async function findMail(text: string): Promise<{ subject: string; to: string; file: string } | undefined> {
  let files: string[];
  try {
    files = readdirSync(mailDir).filter((f) => f.endsWith('.eml')).sort().reverse();
  } catch {
    return undefined;
  }
  for (const file of files) {
    const mail = await simpleParser(readFileSync(path.join(mailDir, file)));
    if (mail.subject?.includes(text)) return { subject: mail.subject, to: [mail.to ?? []].flat().map((a) => a.text).join(', '), file: path.join(mailDir, file) };
  }
  return undefined;
}

async function main(): Promise<void> {
  const pool = createPgPool(env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/issuestream');
  try {
    await waitUntilReady([`http://127.0.0.1:${relayPort}`, feedbackUrl, occurrencesUrl, postProcessUrl]);
    const { project, dsn } = await seedDemoProject(pool, relayPort, 'demo');
    await ensureDemoAlertRule(pool, project.id);
    console.log(`[demo] DSN for project demo/demo: ${dsn}`);

    Sentry.init({ dsn, defaultIntegrations: false, skipOpenTelemetrySetup: true, environment: 'demo' });
    const message = `The demo checkout button does nothing (${randomUUID().slice(0, 8)})`;
    Sentry.captureFeedback({ message, name: 'Demo User', email: 'demo@example.com' });
    await Sentry.flush(5000);
    console.log(`[demo] sent feedback with @sentry/node: "${message}"`);

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
    const mail = await waitFor(() => findMail(message), { timeoutMs: 60000, intervalMs: 250, description: `the feedback alert e-mail in ${mailDir}` });
    console.log(`[demo] feedback alert e-mail to ${mail.to}: "${mail.subject}" (${path.relative(process.cwd(), mail.file)})`);
    await Sentry.close(2000);
  } finally {
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(`[demo] failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
