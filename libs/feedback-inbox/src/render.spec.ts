import { renderInbox } from './render';
import { inboxDetail, inboxItem } from './view-model';

const issue = {
  id: '7', title: 'User Feedback: hi', status: 'unresolved', hasSeen: false, latestEventHasAttachments: true, lastSeen: '2026-12-06T12:00:00.000Z',
  project: { slug: 'web' }, metadata: { message: '<script>alert(1)</script>', name: 'Jane "J" Doe', contact_email: 'jane@example.com', associated_event_id: 'a'.repeat(32) },
};
const event = {
  projectID: '3', contexts: { feedback: { url: 'https://x.example/?a=1&b=2', replay_id: 'r1' }, browser: { name: 'Chrome', version: '120' }, os: { name: 'Linux' } },
  tags: [{ key: 'level', value: 'info' }], attachments: [{ id: '9', name: 'screenshot.png', mimetype: 'image/png' }, { id: '10', name: 'log.txt', mimetype: 'text/plain' }],
  linkedError: { eventID: 'a'.repeat(32), groupID: '5' },
};

describe('inbox rendering', () => {
  const page = (canWrite: boolean) => renderInbox({
    org: 'acme', projects: [{ id: 3, slug: 'web' }], filters: { mailbox: 'unresolved', project: '', query: '' },
    items: [inboxItem(issue)], next: null, detail: inboxDetail(issue, event), canWrite,
  }, Date.parse('2026-12-06T12:05:00Z'));

  it('escapes everything a stranger typed', () => {
    const html = page(true);
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Jane &quot;J&quot; Doe');
    expect(html).toContain('https://x.example/?a=1&amp;b=2');
  });

  it('shows the list markers and the detail: contact, URL, browser, OS, replay, screenshot only for images, linked error, actions', () => {
    const html = page(true);
    expect(html).toContain('class="feedback unread"');
    expect(html).toContain('[screenshot]');
    expect(html).toContain('[linked error]');
    expect(html).toContain('5 min ago');
    expect(html).toContain('Browser: Chrome 120');
    expect(html).toContain('OS: Linux');
    expect(html).toContain('Replay: <code>r1</code>');
    expect(html).toContain('src="/inbox/acme/attachments/3/9/"');
    expect(html).not.toContain('attachments/3/10/');
    expect(html).toContain('/api/0/organizations/acme/issues/5/');
    expect(html).toContain('data-action="spam"');
    expect(page(false)).not.toContain('data-action="spam"');
  });
});
