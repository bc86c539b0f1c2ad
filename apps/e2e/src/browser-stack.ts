import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestProject, type TestProject } from '@issuestream/feedback/testing';
import { API_TOKEN_MIGRATIONS_TABLE, apiTokenMigrations, ApiTokenStore } from '@issuestream/api-tokens-data';
import { adHocTopics, provisionTopics } from '@issuestream/kafka';
import { createCodec } from '@issuestream/schemas';
import { createPgPool, migrate, TENANT_MIGRATIONS_TABLE, tenantMigrations, TenantStore } from '@issuestream/storage';
import {
  freePort, launchBrowser, serveTestPage, startApp, testAppEnv, testStackEnv, uniqueName, waitFor, type AppProcess, type TestBrowser, type TestPage,
} from '@issuestream/testing';
import type { Pool } from 'pg';
import type { Page } from 'puppeteer-core';

const stack = testStackEnv();

interface AppSpec {
  readonly name: string;
  readonly entry: string;
  readonly portVariable: string;
  readonly env: Record<string, string>;
}

/** What a test page gets in `window.testPage`: enough to build a DSN naming the page's own host (the ingress). */
export interface PageProject {
  readonly publicKey: string;
  readonly projectId: number;
}

/**
 * The whole stack a browser talks to, as processes started like `npm start`
 * starts them (`startApp`), on this run's own topics and groups: the relay,
 * ingest-events, ingest-attachments, ingest-feedback-events, ingest-occurrences
 * and the api (attachment bytes in a filesystem blob store of the run's own); and
 * a headless Chromium. Test pages are served with the ingress routes
 * (`/api/0/` and `/api/embed/` → api, the rest of `/api/` → relay), so a DSN
 * on the page's host reaches both, as in a deployment.
 */
export class BrowserStack {
  readonly topics = {
    feedback: uniqueName('br_feedback'),
    events: uniqueName('br_events'),
    attachments: uniqueName('br_attachments'),
    occurrences: uniqueName('br_occurrences'),
    outcomes: uniqueName('br_outcomes'),
    eventstream: uniqueName('br_eventstream'),
    postProcess: uniqueName('br_generic'),
  };
  private readonly dirs = ['occ', 'err', 'att', 'blobs'].map((name) => mkdtempSync(path.join(tmpdir(), `is-br-${name}-`)));
  private readonly apps: AppProcess[] = [];
  private readonly pages: TestPage[] = [];
  readonly ports: Record<string, number> = {};
  browser?: TestBrowser;
  pool?: Pool;
  tenants?: TenantStore;

  async start(): Promise<void> {
    await provisionTopics({ brokers: stack.kafkaBrokers, clientId: 'e2e-browser' }, Object.values(this.topics).flatMap((t) => adHocTopics(t, 1)));
    await createCodec({ registryUrl: stack.schemaRegistryUrl }).registerAll();
    const t = this.topics;
    // The api reads the attachments' bytes where ingest-attachments writes them.
    const common = { KAFKA_TOPIC_PARTITIONS: '1', OUTCOMES_TOPIC: t.outcomes, OCCURRENCES_TOPIC: t.occurrences, BLOB_STORE: 'fs', BLOB_STORE_PATH: this.dirs[3]! };
    // Ports first: the api is told where ingest-occurrences serves the issue stream.
    for (const name of ['relay', 'api', 'ingest-feedback-events', 'ingest-occurrences', 'ingest-events', 'ingest-attachments']) this.ports[name] = await freePort();
    const specs: AppSpec[] = [
      { name: 'relay', entry: 'apps/relay/src/main.ts', portVariable: 'RELAY_PORT', env: { FEEDBACK_TOPIC: t.feedback, EVENTS_TOPIC: t.events, ATTACHMENTS_TOPIC: t.attachments } },
      { name: 'api', entry: 'apps/api/src/main.ts', portVariable: 'HTTP_PORT', env: { ISSUE_STREAM_URL: `http://127.0.0.1:${this.ports['ingest-occurrences'] ?? 0}` } },
      {
        name: 'ingest-feedback-events', entry: 'apps/ingest-feedback-events/src/main.ts', portVariable: 'HTTP_PORT',
        env: { FEEDBACK_TOPIC: t.feedback, KAFKA_GROUP_ID: uniqueName('br_fb') },
      },
      {
        name: 'ingest-occurrences', entry: 'apps/ingest-occurrences/src/main.ts', portVariable: 'HTTP_PORT',
        env: { POST_PROCESS_TOPIC: t.postProcess, CLICKHOUSE_PATH: this.dirs[0]!, KAFKA_GROUP_ID: uniqueName('br_occ') },
      },
      {
        name: 'ingest-events', entry: 'apps/ingest-events/src/main.ts', portVariable: 'HTTP_PORT',
        env: { EVENTS_INGEST_TOPIC: t.events, EVENTSTREAM_TOPIC: t.eventstream, CLICKHOUSE_PATH: this.dirs[1]!, KAFKA_GROUP_ID: uniqueName('br_err') },
      },
      {
        name: 'ingest-attachments', entry: 'apps/ingest-attachments/src/main.ts', portVariable: 'HTTP_PORT',
        env: { ATTACHMENTS_INGEST_TOPIC: t.attachments, EVENTSTREAM_TOPIC: t.eventstream, CLICKHOUSE_PATH: this.dirs[2]!, KAFKA_GROUP_ID: uniqueName('br_att') },
      },
    ];
    const [browser] = await Promise.all([launchBrowser(), ...specs.map((spec) => this.startReady(spec, common))]);
    this.browser = browser;
    this.pool = createPgPool(stack.databaseUrl, { applicationName: 'e2e-browser' });
    await migrate(this.pool, tenantMigrations, { table: TENANT_MIGRATIONS_TABLE });
    await migrate(this.pool, apiTokenMigrations, { table: API_TOKEN_MIGRATIONS_TABLE });
    this.tenants = new TenantStore(this.pool, { cacheTtlMs: 0 });
  }

  private async startReady(spec: AppSpec, common: Record<string, string>): Promise<void> {
    const port = this.ports[spec.name]!;
    const app = startApp(spec.entry, testAppEnv({ ...common, ...spec.env, [spec.portVariable]: String(port) }));
    this.apps.push(app);
    const died = app.exited.then((code) => Promise.reject(new Error(`${spec.name} exited (${code}):\n${app.output().slice(-3000)}`)));
    const ready = waitFor(async () => (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null))?.ok === true, {
      timeoutMs: 150_000, intervalMs: 250, description: `${spec.name} ready on ${port}`,
    });
    await Promise.race([ready, died]);
  }

  async stop(): Promise<void> {
    await Promise.all(this.pages.map((p) => p.close()));
    await this.browser?.close();
    this.apps.forEach((app) => app.kill('SIGTERM'));
    await Promise.all(this.apps.map((app) => app.exited));
    await this.pool?.end();
    this.dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  }

  /** A new organisation and project with a DSN key. */
  async project(): Promise<TestProject & PageProject> {
    const project = await createTestProject(this.tenants!);
    const { publicKey } = await this.tenants!.createProjectKey({ projectId: project.projectId });
    return { ...project, publicKey };
  }

  /** Serves `script` (bundled with the installed @sentry/browser) behind the ingress routes and opens it in a new tab. */
  async open(script: string, project: PageProject, body = ''): Promise<Page> {
    const api = `http://127.0.0.1:${this.ports['api']}`;
    const page = await serveTestPage({
      script, body, config: { publicKey: project.publicKey, projectId: project.projectId },
      proxy: { '/api/0/': api, '/api/embed/': api, '/api/': `http://127.0.0.1:${this.ports['relay']}` },
    });
    this.pages.push(page);
    const tab = await this.browser!.browser.newPage();
    tab.setDefaultTimeout(60_000);
    await tab.goto(page.url);
    return tab;
  }

  /** An organisation token (`Authorization: Bearer`) for the api's read endpoints. */
  async token(organizationId: number): Promise<string> {
    return (await new ApiTokenStore(this.pool!).create({ organizationId, scopes: ['project:read'], label: 'browser test' })).secret;
  }

  /** GET on the api. */
  api(pathAndQuery: string, token: string): Promise<Response> {
    return fetch(`http://127.0.0.1:${this.ports['api']}${pathAndQuery}`, { headers: { authorization: `Bearer ${token}` } });
  }

  /** Waits for a query to return a row. */
  async row<R extends object>(description: string, sql: string, params: unknown[]): Promise<R> {
    return waitFor(async () => (await this.pool!.query<R>(sql, params)).rows[0], { timeoutMs: 90_000, intervalMs: 250, description });
  }
}

/** Page-side helper source: the DSN of the page's project on the page's own host. */
export const PAGE_DSN = `
  const { publicKey, projectId } = (window as unknown as { testPage: { publicKey: string; projectId: number } }).testPage;
  const dsn = location.protocol + '//' + publicKey + '@' + location.host + '/' + projectId;
`;
