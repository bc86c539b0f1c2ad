import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CHROMIUM_MISSING, findChromium, launchBrowser, type TestBrowser } from './browser';
import { serveTestPage, type TestPage } from './test-page';
import { waitFor } from './wait-for';

/** A stand-in envelope endpoint that records what it receives, with the CORS answers a browser SDK needs. */
async function envelopeReceiver(): Promise<{ server: Server; origin: string; bodies: string[] }> {
  const bodies: string[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const cors = { 'access-control-allow-origin': req.headers.origin ?? '*', 'access-control-allow-headers': '*', 'access-control-allow-methods': 'POST, OPTIONS' };
    if (req.method === 'OPTIONS') return void res.writeHead(200, cors).end();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { ...cors, 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies };
}

describe('browser harness (headless Chromium)', () => {
  it('refuses a missing CHROME_PATH with a message saying how to install Chromium', () => {
    expect(() => findChromium({ CHROME_PATH: '/nonexistent/chromium' })).toThrow(CHROMIUM_MISSING);
  });

  describe('a page bundling @sentry/browser', () => {
    let browser: TestBrowser;
    let page: TestPage;
    let receiver: Awaited<ReturnType<typeof envelopeReceiver>>;
    beforeAll(async () => {
      receiver = await envelopeReceiver();
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
      await page?.close();
      receiver?.server.close();
    });

    it('loads the bundle, runs it with its config, and the SDK sends an envelope to the DSN', async () => {
      const dsn = `${receiver.origin.replace('//', '//abc123@')}/42`;
      page = await serveTestPage({
        body: '<p id="status">loading</p>',
        config: { dsn, message: 'hello from the page' },
        script: `
          import * as Sentry from '@sentry/browser';
          const config = (window as unknown as { testPage: { dsn: string; message: string } }).testPage;
          Sentry.init({ dsn: config.dsn, defaultIntegrations: false });
          Sentry.captureMessage(config.message);
          document.getElementById('status')!.textContent = 'sent';
        `,
      });
      const tab = await browser.browser.newPage();
      await tab.goto(page.url);
      await tab.waitForFunction(`document.getElementById('status')?.textContent === 'sent'`);
      const envelope = await waitFor(() => receiver.bodies.find((b) => b.includes('hello from the page')), { description: 'the envelope' });
      expect(envelope.split('\n')[0]).toContain('"sdk":{"name":"sentry.javascript.browser"');
      await tab.close();
    });

    it('forwards proxied prefixes to their servers, the longest prefix first', async () => {
      const proxied = await serveTestPage({ script: '', proxy: { '/api/': receiver.origin, '/api/embed/': 'http://127.0.0.1:9' } });
      try {
        const answer = await fetch(`${proxied.origin}/api/42/envelope/`, { method: 'POST', body: 'through the proxy' });
        expect(answer.status).toBe(200);
        expect(receiver.bodies).toContain('through the proxy');
        expect((await fetch(`${proxied.origin}/api/embed/error-page/`)).status).toBe(502);
        expect((await fetch(`${proxied.origin}/elsewhere`)).status).toBe(404);
      } finally {
        await proxied.close();
      }
    });
  });
});
