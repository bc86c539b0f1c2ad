import { ApiTokenStore } from '@issuestream/api-tokens-data';
import { waitFor } from '@issuestream/testing';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import type { Page } from 'puppeteer-core';
import { BrowserStack, PAGE_DSN } from './browser-stack';

jest.setTimeout(300_000);

// A person triaging feedback in the inbox page (served by the api), in
// headless Chromium, on feedback a real @sentry/browser sent through the
// relay, ingest-feedback-events, ingest-occurrences and ingest-attachments.
// Page screenshots go to dist/test-output/feedback-inbox/ for review.

const OUTPUT = path.resolve(__dirname, '../../../dist/test-output/feedback-inbox');

/** A small PNG (a purple bar on white), built here so the test needs no binary fixture. */
function screenshotPng(width = 64, height = 40): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const b of bytes) c = (crcTable[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc(height * (1 + width * 3), 0xff);
  for (let y = 0; y < height; y++) {
    rows[y * (1 + width * 3)] = 0;
    if (y >= 12 && y < 28) for (let x = 8; x < width - 8; x++) rows.set([0x6c, 0x5f, 0xc7], y * (1 + width * 3) + 1 + x * 3);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

const run = new BrowserStack();
beforeAll(async () => {
  mkdirSync(OUTPUT, { recursive: true });
  await run.start();
});
afterAll(() => run.stop());

const snap = (tab: Page, name: string) => tab.screenshot({ path: path.join(OUTPUT, `${name}.png`), fullPage: true });
const listText = (tab: Page) => tab.$$eval('li.feedback', (items) => items.map((i) => i.textContent ?? ''));

describe('the feedback inbox in headless Chromium', () => {
  it('shows feedback a real SDK sent; a person opens it, sees the screenshot, marks it as spam and finds it in the spam mailbox', async () => {
    const project = await run.project();
    const { secret } = await new ApiTokenStore(run.pool!).create({ organizationId: project.organizationId, scopes: ['org:read', 'project:write'], label: 'inbox e2e' });
    const message = `The basket forgets my items ${randomUUID().slice(0, 8)}`;
    const sender = await run.open(`
      import * as Sentry from '@sentry/browser';
      ${PAGE_DSN}
      // The default integrations add the request context (URL, User-Agent) the detail shows.
      Sentry.init({ dsn, environment: 'production' });
      const png = Uint8Array.from(atob(${JSON.stringify(screenshotPng().toString('base64'))}), (c) => c.charCodeAt(0));
      Sentry.captureFeedback(
        { message: ${JSON.stringify(message)}, name: 'Jane Doe', email: 'jane@example.com', url: 'https://shop.example.com/basket' },
        { attachments: [{ filename: 'screenshot.png', data: png, contentType: 'image/png' }] },
      );
    `, project);
    const group = await run.row<{ id: string }>('the feedback issue', 'SELECT id FROM groups WHERE project_id = $1 AND type = 6001', [project.projectId]);
    await run.row('the screenshot', `SELECT id FROM event_attachments WHERE project_id = $1 AND content_type = 'image/png'`, [project.projectId]);
    await sender.close();

    const tab = await run.browser!.browser.newPage();
    tab.setDefaultTimeout(60_000);
    await tab.setViewport({ width: 1280, height: 800 });
    const inbox = `http://127.0.0.1:${run.ports['api']}/inbox`;
    // The sign-in link npm start prints: the token goes into an HttpOnly cookie and the page redirects to the organisation's inbox.
    await tab.goto(`${inbox}/login?token=${encodeURIComponent(secret)}`);
    expect(tab.url()).toBe(`${inbox}/${project.organizationSlug}/`);
    // The search rows reach ClickHouse in the same transaction as the issue, the list may still need a reload.
    await waitFor(async () => {
      await tab.reload();
      return (await listText(tab)).some((t) => t.includes(message));
    }, { timeoutMs: 60_000, intervalMs: 500, description: 'the feedback in the inbox list' });
    const item = await tab.$eval(`li.feedback[data-id="${group.id}"]`, (li) => ({ text: li.textContent ?? '', unread: li.classList.contains('unread') }));
    expect(item.unread).toBe(true);
    expect(item.text).toContain('Jane Doe');
    expect(item.text).toContain('jane@example.com');
    expect(item.text).toContain('screenshot');
    await snap(tab, '1-inbox-list');

    await Promise.all([tab.waitForNavigation(), tab.click(`li.feedback[data-id="${group.id}"] a`)]);
    const detail = await tab.$eval('section.detail', (s) => s.textContent ?? '');
    expect(detail).toContain(message);
    expect(detail).toContain('jane@example.com');
    expect(detail).toContain('https://shop.example.com/basket');
    expect(detail).toMatch(/Browser: .*(Chrome|HeadlessChrome)/);
    await tab.waitForFunction(`(() => { const img = document.querySelector('img.screenshot'); return img !== null && img.complete && img.naturalWidth === 64; })()`);
    // Opening it read it.
    expect(await tab.$eval(`li.feedback[data-id="${group.id}"]`, (li) => li.classList.contains('unread'))).toBe(false);
    await snap(tab, '2-feedback-detail');

    await Promise.all([tab.waitForNavigation(), tab.click('button[data-action="spam"]')]);
    expect((await listText(tab)).some((t) => t.includes(message))).toBe(false);
    await snap(tab, '3-inbox-after-spam');
    const { rows } = await run.pool!.query<{ status: number; substatus: number }>('SELECT status, substatus FROM groups WHERE id = $1', [group.id]);
    expect(rows[0]).toEqual({ status: 2, substatus: 5 });

    await Promise.all([tab.waitForNavigation(), tab.click('a[data-mailbox="spam"]')]);
    expect((await listText(tab)).some((t) => t.includes(message))).toBe(true);
    await snap(tab, '4-spam-mailbox');
    await tab.close();
  });
});
