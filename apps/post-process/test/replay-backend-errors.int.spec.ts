import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort, launchBrowser, serveTestPage, waitFor, type TestBrowser, type TestPage } from '@issuestream/testing';
import { PostProcessRun } from './post-process.harness';

const repoRoot = path.resolve(__dirname, '../../..');

/**
 * A backend instrumented with @sentry/node: `GET /backend/checkout` throws,
 * the error is captured (continuing the caller's trace from its sentry-trace
 * and baggage headers) and its event id is the answer.
 */
const BACKEND = `
  const Sentry = require('@sentry/node');
  Sentry.init({ dsn: process.env.BACKEND_DSN, tracesSampleRate: 1, environment: 'backend' });
  const http = require('node:http');
  const server = http.createServer(async (req, res) => {
    try {
      throw new Error('checkout failed on the server');
    } catch (error) {
      const eventId = Sentry.captureException(error);
      await Sentry.flush(5000);
      res.writeHead(500, { 'content-type': 'text/plain' }).end(eventId);
    }
  });
  server.listen(Number(process.env.BACKEND_PORT), '127.0.0.1', () => console.log('backend listening'));
`;

/** The browser page: replay on for the whole session, tracing to the backend, one failing call. */
const PAGE = `
  import * as Sentry from '@sentry/browser';
  const config = (window as unknown as { testPage: { publicKey: string; projectId: number } }).testPage;
  Sentry.init({
    dsn: \`http://\${config.publicKey}@\${location.host}/\${config.projectId}\`,
    integrations: [Sentry.browserTracingIntegration(), Sentry.replayIntegration()],
    tracesSampleRate: 1,
    tracePropagationTargets: [/\\/backend\\//],
    replaysSessionSampleRate: 1,
    replaysOnErrorSampleRate: 1,
  });
  const status = document.getElementById('status')!;
  setTimeout(async () => {
    const replayId = Sentry.getReplay()?.getReplayId() ?? '';
    const answer = await fetch('/backend/checkout');
    status.dataset['replayId'] = replayId;
    status.dataset['eventId'] = await answer.text();
    status.textContent = 'done';
  }, 500);
`;

describe('replay ↔ backend errors (browser with replay → backend with @sentry/node → relay → ingest-events → post-process)', () => {
  const run = new PostProcessRun();
  let backend: ChildProcess;
  let backendOutput = '';
  let browser: TestBrowser;
  let page: TestPage;

  beforeAll(async () => {
    await run.setUp();
    await run.startIngestEvents();
    await run.start({ UPDATE_USER_REPORTS_INTERVAL_MS: '0' });
    await run.startRelay();
    const relayPort = new URL(run.relayUrl).port;
    const key = run.key!;
    const backendPort = await freePort();
    backend = spawn(process.execPath, ['-e', BACKEND], {
      cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, BACKEND_PORT: String(backendPort), BACKEND_DSN: `http://${key.publicKey}@127.0.0.1:${relayPort}/${run.projectId}` },
    });
    backend.stdout?.on('data', (chunk: Buffer) => (backendOutput += chunk.toString()));
    backend.stderr?.on('data', (chunk: Buffer) => (backendOutput += chunk.toString()));
    await waitFor(() => backendOutput.includes('backend listening'), { timeoutMs: 30000, description: `backend listening (${backendOutput})` });
    // One origin for the page, its DSN (→ relay) and its backend, as behind an ingress: no CORS in the way.
    page = await serveTestPage({
      body: '<p id="status">loading</p>',
      script: PAGE,
      proxy: { '/api/': `http://127.0.0.1:${relayPort}`, '/backend/': `http://127.0.0.1:${backendPort}` },
      config: { publicKey: key.publicKey, projectId: run.projectId },
    });
    browser = await launchBrowser();
  }, 240000);

  afterAll(async () => {
    await browser?.close();
    await page?.close();
    backend?.kill('SIGTERM');
    await run.tearDown();
  }, 60000);

  it('the backend error carries the browser\'s replay id (trace header → contexts.replay) and is linked to the replay', async () => {
    const tab = await browser.browser.newPage();
    await tab.goto(page.url);
    await tab.waitForFunction(`document.getElementById('status')?.textContent === 'done'`, { timeout: 60000 });
    const { replayId, eventId } = (await tab.evaluate(
      `(() => { const status = document.getElementById('status'); return { replayId: status.dataset.replayId, eventId: status.dataset.eventId }; })()`,
    )) as { replayId: string; eventId: string };
    await tab.close();
    expect(replayId).toMatch(/^[0-9a-f]{32}$/);
    expect(eventId).toMatch(/^[0-9a-f]{32}$/);

    const replaysOf = async (): Promise<string[]> =>
      ((await (await fetch(`http://127.0.0.1:${run.httpPort}/replay-links?project_id=${run.projectId}&event_id=${eventId}`)).json()) as { replayIds: string[] }).replayIds;
    await waitFor(async () => (await replaysOf()).length > 0, { timeoutMs: 60000, description: `replay link of ${eventId} (backend: ${backendOutput.slice(-1500)})` });
    expect(await replaysOf()).toEqual([replayId]);
    const links = (await (await fetch(`http://127.0.0.1:${run.httpPort}/replay-links?project_id=${run.projectId}&replay_id=${replayId}`)).json()) as { events: { eventId: string; level: string }[] };
    expect(links.events).toEqual([expect.objectContaining({ eventId, level: 'error' })]);
  }, 120000);
});
