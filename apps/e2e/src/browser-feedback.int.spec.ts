import { userReportFeedbackId } from '@issuestream/feedback';
import { waitFor } from '@issuestream/testing';
import { randomUUID } from 'node:crypto';
import type { ElementHandle, Page } from 'puppeteer-core';
import { BrowserStack, PAGE_DSN } from './browser-stack';

jest.setTimeout(300_000);

// A real @sentry/browser in headless Chromium against the real stack: the
// page's DSN names the page's host, which forwards /api/embed/ and /api/0/
// to the api and the rest of /api/ to the relay, as the ingress does.

const run = new BrowserStack();
beforeAll(() => run.start());
afterAll(() => run.stop());

/**
 * An element inside any open shadow root (the feedback widget renders into
 * one), polled: a selector wait observes the document's DOM, not changes
 * inside shadow roots, so it can miss an element that appears later there.
 */
async function inShadow(tab: Page, selector: string): Promise<ElementHandle> {
  const handle = await tab.waitForFunction(
    `(() => { for (const host of document.querySelectorAll('*')) { const found = host.shadowRoot && host.shadowRoot.querySelector(${JSON.stringify(selector)}); if (found) return found; } return null; })()`,
    { polling: 50 },
  );
  const element = handle.asElement();
  if (!element) throw new Error(`${selector} is not an element`);
  return element as ElementHandle;
}

interface FeedbackGroup { id: string; title: string; type: number; status: number }

describe('@sentry/browser in headless Chromium', () => {
  it('feedbackIntegration: a person opens the widget, types and submits → a feedback issue in Postgres', async () => {
    const project = await run.project();
    const message = `The basket forgets my items ${randomUUID().slice(0, 8)}`;
    const tab = await run.open(`
      import * as Sentry from '@sentry/browser';
      ${PAGE_DSN}
      Sentry.init({ dsn, integrations: [Sentry.feedbackIntegration({ colorScheme: 'light', showScreenshot: false })] });
    `, project);

    await (await inShadow(tab, '.widget__actor')).click();
    await (await inShadow(tab, 'input[name="name"]')).type('Jane Doe');
    await (await inShadow(tab, 'input[name="email"]')).type('jane@example.com');
    await (await inShadow(tab, 'textarea[name="message"]')).type(message);
    await (await inShadow(tab, 'button[type="submit"]')).click();
    // The widget closes its dialog and thanks the person once the relay answered 2xx.
    await inShadow(tab, '.success__content');

    const group = await run.row<FeedbackGroup>('the feedback issue', 'SELECT id, title, type, status FROM groups WHERE project_id = $1 AND type = 6001', [project.projectId]);
    expect(group).toMatchObject({ type: 6001, status: 0, title: `User Feedback: ${message}` });
    const { rows } = await run.pool!.query<{ data: string }>(
      `SELECT n.data FROM issue_occurrences o JOIN nodestore n ON n.data::json->>'id' = replace(o.id::text, '-', '') WHERE o.group_id = $1`, [group.id]);
    const evidence = (JSON.parse(rows[0]!.data) as { evidence_data: Record<string, unknown> }).evidence_data;
    expect(evidence).toMatchObject({ message, name: 'Jane Doe', contact_email: 'jane@example.com', source: 'new_feedback_envelope' });
    await tab.close();
  });

  it('showReportDialog({ eventId }) after captureException: a person fills the dialog → a user report on the error’s issue, and its feedback issue', async () => {
    const project = await run.project();
    const tab = await run.open(`
      import * as Sentry from '@sentry/browser';
      ${PAGE_DSN}
      Sentry.init({ dsn, defaultIntegrations: false, environment: 'checkout' });
      const page = window as unknown as Record<string, unknown>;
      const eventId = Sentry.captureException(new Error('Card declined while paying'));
      page['eventId'] = eventId;
      page['openDialog'] = () => Sentry.showReportDialog({
        eventId,
        user: { name: 'Jane Doe', email: 'jane@example.com' },
        title: 'Sorry, checkout failed',
        onClose: () => { page['dialogClosed'] = true; },
      });
    `, project);
    const eventId = (await tab.evaluate('window.eventId')) as string;
    // The error is stored (by ingest-events) before the person reports on it, so the report joins its issue.
    const stored = await run.row<{ group_id: string }>('the error event', 'SELECT group_id FROM error_events WHERE project_id = $1 AND event_id = $2', [project.projectId, eventId]);

    await tab.evaluate('window.openDialog()');
    await tab.waitForSelector('.sentry-error-embed-wrapper textarea[name="comments"]');
    expect(await tab.$eval('#sentry-embed-title', (h) => h.textContent)).toBe('Sorry, checkout failed');
    expect(await tab.$eval('input[name="name"]', (i) => (i as unknown as { value: string }).value)).toBe('Jane Doe');
    expect(await tab.$eval('input[name="email"]', (i) => (i as unknown as { value: string }).value)).toBe('jane@example.com');
    await tab.type('textarea[name="comments"]', 'I clicked pay and the page went blank.');
    await tab.click('.sentry-error-embed button.submit');
    await tab.waitForSelector('.sentry-error-embed .message-success');

    const report = await run.row<{ name: string; email: string; comments: string; group_id: string | null; environment: string }>(
      'the user report',
      `SELECT r.name, r.email, r.comments, r.group_id, e.name AS environment FROM user_reports r LEFT JOIN environments e ON e.id = r.environment_id
        WHERE r.project_id = $1 AND r.event_id = $2`,
      [project.projectId, eventId],
    );
    expect(report).toEqual({ name: 'Jane Doe', email: 'jane@example.com', comments: 'I clicked pay and the page went blank.', group_id: stored.group_id, environment: 'checkout' });

    const feedbackId = userReportFeedbackId(project.projectId, { eventId, name: 'Jane Doe', email: 'jane@example.com', comments: 'I clicked pay and the page went blank.' });
    const feedback = await run.row<{ title: string; type: number }>(
      'the feedback issue of the report',
      'SELECT g.title, g.type FROM issue_occurrences o JOIN groups g ON g.id = o.group_id WHERE o.project_id = $1 AND o.event_id = $2',
      [project.projectId, feedbackId],
    );
    expect(feedback).toEqual({ title: 'User Feedback: I clicked pay and the page went blank.', type: 6001 });

    await tab.click('.sentry-error-embed button.close');
    await waitFor(async () => (await tab.evaluate('window.dialogClosed')) === true, { description: 'onClose' });
    expect(await tab.$('.sentry-error-embed-wrapper')).toBeNull();
    await tab.close();
  });
});
