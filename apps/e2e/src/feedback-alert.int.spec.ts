import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import * as Sentry from '@sentry/node';
import { ALERT_MIGRATIONS_TABLE, alertMigrations, insertRule } from '@issuestream/alerts-data';
import { createPgPool, migrate } from '@issuestream/storage';
import { freePort, startApp, testAppEnv, testMailServer, testStackEnv, uniqueName, waitFor, waitForAppReady, type AppProcess, type TestMailServer } from '@issuestream/testing';
import type { Pool } from 'pg';
import { FeedbackPipeline, startRelayWithSdk } from './feedback-pipeline.harness';

jest.setTimeout(180000);

let run: FeedbackPipeline;
let relay: INestApplication;
let postProcess: AppProcess;
let mail: TestMailServer;
const postProcessChDir = mkdtempSync(path.join(tmpdir(), 'is-ch-e2e-pp-'));
// A schema of its own: another post-process on the test database would otherwise take this test's e-mails from the outbox.
const schema = uniqueName('e2e_alerts');
const databaseUrl = (() => {
  const url = new URL(testStackEnv().databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
})();
let admin: Pool;

beforeAll(async () => {
  admin = createPgPool(testStackEnv().databaseUrl, { applicationName: 'e2e-alerts', max: 1 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  run = new FeedbackPipeline({ databaseUrl });
  await run.start();
  const pool = run.resources!.pool;
  await migrate(pool, alertMigrations, { table: ALERT_MIGRATIONS_TABLE });
  await insertRule(pool, { projectId: run.main.projectId, name: 'Feedback', trigger: 'new_issue', categories: ['feedback'], recipients: ['support@example.com'], frequencyMinutes: 30 });

  mail = await testMailServer();
  const port = await freePort();
  // Its own process: it opens ClickHouse too, and chDB allows one data path per process.
  postProcess = startApp('apps/post-process/src/main.ts', testAppEnv({
    DATABASE_URL: databaseUrl,
    KAFKA_GROUP_ID: uniqueName('pp_group'),
    POST_PROCESS_TOPIC: run.postProcessTopic,
    EVENTSTREAM_TOPIC: uniqueName('events'),
    OCCURRENCES_TOPIC: run.occurrencesTopic,
    KAFKA_TOPIC_PARTITIONS: '1',
    CLICKHOUSE_PATH: postProcessChDir,
    HTTP_PORT: String(port),
    SMTP_URL: mail.url,
    ISSUES_BASE_URL: 'https://issues.example.com',
    ALERT_OUTBOX_POLL_MS: '100',
  }));
  await waitForAppReady(postProcess, port, 'post-process');

  relay = await startRelayWithSdk(run, testAppEnv({ DATABASE_URL: databaseUrl }));
});

afterAll(async () => {
  await Sentry.close(2000);
  await relay?.close();
  if (postProcess && postProcess.child.exitCode === null) {
    postProcess.kill('SIGTERM');
    await postProcess.exited;
  }
  await mail?.close();
  await run?.stop();
  rmSync(postProcessChDir, { recursive: true, force: true });
  await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin?.end();
});

describe('a real @sentry/node SDK → relay → ingest-feedback-events → ingest-occurrences → post-process → SMTP', () => {
  it('e-mails the feedback alert once, with the feedback and a link to its issue', async () => {
    const message = `Checkout fails on the last step ${randomUUID().slice(0, 6)}`;
    Sentry.captureFeedback({ message, name: 'Jane Doe', email: 'jane@example.com', url: 'https://shop.example.com/cart' });
    await Sentry.flush(5000);
    const email = await waitFor(async () => (await mail.messages()).find((m) => m.subject?.includes(message)), {
      timeoutMs: 90000,
      description: `the alert e-mail (post-process: ${postProcess.output().slice(-1500)})`,
    });
    const group = (await run.groups()).find((g) => g.title === `User Feedback: ${message}`);
    expect(email.subject).toBe(`[app] User Feedback: ${message}`);
    expect(email.to && !Array.isArray(email.to) ? email.to.text : '').toBe('support@example.com');
    expect(email.text).toContain('Name: Jane Doe');
    expect(email.text).toContain('Contact e-mail: jane@example.com');
    expect(email.text).toContain(`https://issues.example.com/organizations/${run.main.organizationSlug}/issues/${group?.id}/`);
    expect((await mail.messages()).filter((m) => m.subject?.includes(message))).toHaveLength(1);
  });
});

