import type { InboxDetail, InboxItem } from './view-model';

export const MAILBOXES = ['unresolved', 'resolved', 'spam'] as const;
export type Mailbox = (typeof MAILBOXES)[number];

export interface InboxFilters {
  mailbox: Mailbox;
  /** A project id, or '' for every project. */
  project: string;
  query: string;
}

export interface InboxPage {
  org: string;
  projects: { id: number; slug: string }[];
  filters: InboxFilters;
  items: InboxItem[];
  /** Cursor of the next page, when there is one. */
  next: string | null;
  detail: InboxDetail | null;
  /** The token may change feedback (project:write). */
  canWrite: boolean;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Every value put into the page goes through this: feedback is text typed by strangers. */
export const esc = (value: string): string => value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

const STYLE = `
  body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #2b2233; }
  header { display: flex; gap: 16px; align-items: center; padding: 10px 16px; background: #2b1d38; color: #fff; }
  header h1 { font-size: 16px; margin: 0; } header form { margin-left: auto; }
  .filters { display: flex; gap: 8px; padding: 10px 16px; border-bottom: 1px solid #e0dce5; align-items: center; }
  .mailboxes a { padding: 4px 10px; border-radius: 4px; text-decoration: none; color: #2b2233; }
  .mailboxes a.active { background: #6c5fc7; color: #fff; }
  main { display: grid; grid-template-columns: minmax(280px, 40%) 1fr; min-height: calc(100vh - 100px); }
  ul.list { list-style: none; margin: 0; padding: 0; border-right: 1px solid #e0dce5; }
  ul.list li a { display: block; padding: 10px 16px; border-bottom: 1px solid #eee; color: inherit; text-decoration: none; }
  ul.list li a.selected { background: #f2f0fa; }
  .who { font-weight: 600; } .unread .who::before { content: '●'; color: #6c5fc7; margin-right: 6px; }
  .meta { color: #80708f; font-size: 12px; display: flex; gap: 8px; }
  .message { white-space: pre-wrap; margin: 4px 0; }
  section.detail { padding: 16px 24px; } section.detail h2 { margin-top: 0; }
  .actions { display: flex; gap: 8px; margin: 12px 0; } .actions button { padding: 6px 12px; }
  table.tags td { padding: 2px 12px 2px 0; } img.screenshot { max-width: 100%; border: 1px solid #e0dce5; }
  .empty { padding: 24px; color: #80708f; }`;

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

export function renderLogin(error: string | null): string {
  return layout('Feedback inbox — sign in', `
    <header><h1>Feedback inbox</h1></header>
    <section class="detail">
      <h2>Sign in with an organisation API token</h2>
      <p>Create one with <code>npm run admin -- token create &lt;org&gt; --scopes org:read,project:write</code>.</p>
      ${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
      <form method="post" action="/inbox/login">
        <input type="password" name="token" placeholder="isu_…" size="60" autocomplete="off" required>
        <button type="submit">Sign in</button>
      </form>
    </section>`);
}

/** The page's own query string for a state (filters, selection), as links and redirects use it. */
export function inboxQuery(filters: InboxFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  params.set('mailbox', filters.mailbox);
  if (filters.project) params.set('project', filters.project);
  if (filters.query) params.set('query', filters.query);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return params.toString();
}

function relativeTime(iso: string, now: number): string {
  const minutes = Math.round((now - Date.parse(iso)) / 60_000);
  if (!Number.isFinite(minutes)) return '';
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h ago`;
  return `${Math.round(minutes / 1440)} d ago`;
}

function listItem(page: InboxPage, item: InboxItem, now: number): string {
  const selected = page.detail?.item.id === item.id;
  const href = `/inbox/${encodeURIComponent(page.org)}/?${inboxQuery(page.filters, { feedback: item.id })}`;
  return `<li class="feedback${item.unread ? ' unread' : ''}" data-id="${esc(item.id)}"><a href="${esc(href)}"${selected ? ' class="selected"' : ''}>
    <div class="who">${esc(item.name || item.email || 'Anonymous User')}${item.email && item.name ? ` <span class="meta">${esc(item.email)}</span>` : ''}</div>
    <div class="message">${esc(item.message)}</div>
    <div class="meta"><span class="project">${esc(item.project)}</span><time datetime="${esc(item.lastSeen)}">${esc(relativeTime(item.lastSeen, now))}</time>
      ${item.hasScreenshot ? '<span class="has-screenshot" title="has a screenshot">[screenshot]</span>' : ''}
      ${item.linkedErrorEventId ? '<span class="has-error" title="sent about an error">[linked error]</span>' : ''}
      ${item.unread ? '<span class="unread-marker">unread</span>' : ''}</div>
  </a></li>`;
}

function actionButton(page: InboxPage, id: string, action: string, label: string): string {
  const back = inboxQuery(page.filters, { feedback: id });
  return `<form method="post" action="/inbox/${encodeURIComponent(page.org)}/feedback/${esc(id)}/">
    <input type="hidden" name="action" value="${esc(action)}"><input type="hidden" name="return" value="${esc(back)}">
    <button type="submit" data-action="${esc(action)}">${esc(label)}</button></form>`;
}

function detailPane(page: InboxPage): string {
  const d = page.detail;
  if (!d) return '<section class="detail empty">Select a feedback to read it.</section>';
  const { item } = d;
  const actions = page.canWrite
    ? [
        item.status === 'resolved' ? actionButton(page, item.id, 'unresolve', 'Unresolve') : actionButton(page, item.id, 'resolve', 'Resolve'),
        item.status === 'ignored' ? actionButton(page, item.id, 'notspam', 'Move to inbox') : actionButton(page, item.id, 'spam', 'Mark as spam'),
        actionButton(page, item.id, 'unread', 'Mark unread'),
      ].join('')
    : '<p class="meta">This token can only read (no project:write).</p>';
  const error = d.linkedError
    ? `<p class="linked-error">Linked error: event <code>${esc(d.linkedError.eventId)}</code>${d.linkedError.groupId ? ` — issue <a href="/api/0/organizations/${encodeURIComponent(page.org)}/issues/${esc(d.linkedError.groupId)}/">${esc(d.linkedError.groupId)}</a>` : ' (not stored)'}</p>`
    : '';
  const shots = d.screenshots.map((s) =>
    `<figure><img class="screenshot" alt="${esc(s.name)}" src="/inbox/${encodeURIComponent(page.org)}/attachments/${esc(s.projectId)}/${esc(s.id)}/"><figcaption>${esc(s.name)}</figcaption></figure>`).join('');
  return `<section class="detail" data-id="${esc(item.id)}">
    <h2>${esc(item.name || 'Anonymous User')}</h2>
    <p class="contact">${item.email ? `<a href="mailto:${esc(item.email)}">${esc(item.email)}</a>` : 'no e-mail given'} · ${esc(item.project)} · <time datetime="${esc(item.lastSeen)}">${esc(item.lastSeen)}</time></p>
    <div class="actions">${actions}</div>
    <blockquote class="message">${esc(item.message)}</blockquote>
    ${d.url ? `<p>URL: <a class="url" href="${esc(d.url)}" rel="noreferrer noopener">${esc(d.url)}</a></p>` : ''}
    ${d.browser ? `<p class="browser">Browser: ${esc(d.browser)}</p>` : ''}
    ${d.os ? `<p class="os">OS: ${esc(d.os)}</p>` : ''}
    ${d.replayId ? `<p class="replay">Replay: <code>${esc(d.replayId)}</code></p>` : ''}
    ${error}
    ${shots ? `<div class="screenshots">${shots}</div>` : ''}
    <table class="tags">${d.tags.map((t) => `<tr><td>${esc(t.key)}</td><td>${esc(t.value)}</td></tr>`).join('')}</table>
  </section>`;
}

export function renderInbox(page: InboxPage, now = Date.now()): string {
  const org = encodeURIComponent(page.org);
  const mailboxes = MAILBOXES.map((m) =>
    `<a href="/inbox/${org}/?${esc(inboxQuery({ ...page.filters, mailbox: m }))}" class="mailbox${page.filters.mailbox === m ? ' active' : ''}" data-mailbox="${m}">${m === 'unresolved' ? 'Inbox' : m === 'resolved' ? 'Resolved' : 'Spam'}</a>`).join('');
  const projects = ['<option value="">All projects</option>', ...page.projects.map((p) =>
    `<option value="${p.id}"${String(p.id) === page.filters.project ? ' selected' : ''}>${esc(p.slug)}</option>`)].join('');
  const more = page.next ? `<li><a class="more" href="/inbox/${org}/?${esc(inboxQuery(page.filters, { cursor: page.next }))}">Older feedback…</a></li>` : '';
  return layout(`Feedback — ${page.org}`, `
    <header><h1>Feedback inbox · ${esc(page.org)}</h1><form method="post" action="/inbox/logout"><button type="submit">Sign out</button></form></header>
    <form class="filters" method="get" action="/inbox/${org}/">
      <nav class="mailboxes">${mailboxes}</nav>
      <input type="hidden" name="mailbox" value="${esc(page.filters.mailbox)}">
      <select name="project" onchange="this.form.submit()">${projects}</select>
      <input type="search" name="query" value="${esc(page.filters.query)}" placeholder="Search feedback">
      <button type="submit">Filter</button>
    </form>
    <main>
      <ul class="list">${page.items.length ? page.items.map((i) => listItem(page, i, now)).join('') + more : '<li class="empty">No feedback here.</li>'}</ul>
      ${detailPane(page)}
    </main>`);
}
