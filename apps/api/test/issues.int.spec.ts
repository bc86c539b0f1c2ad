import type { ClickHouseClient } from '@clickhouse/client';
import { ApiTokenStore } from '@issuestream/api-tokens-data';
import { EventAttachmentStore } from '@issuestream/attachments-data';
import { createClickHouse, storageConfigFromEnv } from '@issuestream/storage';
import { uniqueName } from '@issuestream/testing';
import { randomUUID } from 'node:crypto';
import { ApiRun } from './api.harness';
import { seedFeedback, type SeededFeedback } from './issue-seed';

const FEEDBACK_INBOX = 'issue.category:feedback status:unresolved';

describe('issues API (real Postgres and ClickHouse, organisation tokens)', () => {
  const run = new ApiRun();
  let clickhouse: ClickHouseClient;
  let tokens: ApiTokenStore;
  const token = { read: '', write: '', otherWriter: '', other: '' };
  let otherOrgSlug = '';
  let web = 0;
  let otherProject = 0;
  const seeded: Record<string, SeededFeedback> = {};
  let foreign: SeededFeedback;

  beforeAll(async () => {
    await run.start();
    clickhouse = await createClickHouse(storageConfigFromEnv({ CLICKHOUSE_PATH: run.clickhouseDir }).clickhouse);
    tokens = new ApiTokenStore(run.pool!);
    web = run.key!.projectId;
    otherProject = run.otherKey!.projectId;
    const org = (await run.tenants!.getOrganizationBySlug(run.orgSlug))!;
    token.read = (await tokens.create({ organizationId: org.id, scopes: ['org:read'] })).secret;
    token.write = (await tokens.create({ organizationId: org.id, scopes: ['org:read', 'project:write'] })).secret;
    token.otherWriter = (await tokens.create({ organizationId: org.id, scopes: ['org:read', 'project:write'] })).secret;
    otherOrgSlug = uniqueName('org').replace(/_/g, '-');
    const otherOrg = await run.tenants!.createOrganization({ slug: otherOrgSlug });
    const otherOrgProject = await run.tenants!.createProject({ organizationId: otherOrg.id, slug: 'web', platform: 'javascript' });
    token.other = (await tokens.create({ organizationId: otherOrg.id, scopes: ['org:read', 'project:write'] })).secret;

    const seed = (name: string, s: Parameters<typeof seedFeedback>[2]) => seedFeedback(run.pool!, clickhouse, s).then((f) => (seeded[name] = f));
    await seed('newest', { projectId: web, message: 'The checkout button does nothing', ageMinutes: 1, associatedEventId: 'a'.repeat(32) });
    await seed('middle', { projectId: otherProject, message: 'Dark mode please', ageMinutes: 5, environment: 'staging' });
    await seed('oldest', { projectId: web, message: 'Love the new search', ageMinutes: 60 });
    await seed('spam', { projectId: web, message: 'Buy cheap watches', ageMinutes: 2, status: 'spam' });
    await seed('resolved', { projectId: web, message: 'Typo on the pricing page', ageMinutes: 3, status: 'resolved' });
    await seed('ancient', { projectId: web, message: 'From last month', ageMinutes: 30 * 24 * 60 });
    foreign = await seedFeedback(run.pool!, clickhouse, { projectId: otherOrgProject.id, message: 'Secret feedback of another org', ageMinutes: 1 });
  });
  afterAll(async () => {
    await clickhouse?.close();
    await run.stop();
  });

  const call = (path: string, secret: string | null, init: RequestInit = {}) =>
    run.request(path, { ...init, headers: { ...(secret === null ? {} : { authorization: `Bearer ${secret}` }), ...(init.body ? { 'content-type': 'application/json' } : {}) } });
  const issuesPath = (query: Record<string, string | string[]> = {}, org = run.orgSlug) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
    return `/api/0/organizations/${org}/issues/?${params.toString()}`;
  };
  const list = async (query: Record<string, string | string[]>, secret = token.read) => {
    const response = await call(issuesPath(query), secret);
    expect(response.status).toBe(200);
    return { body: (await response.json()) as { id: string; [k: string]: unknown }[], link: response.headers.get('link') ?? '' };
  };
  const ids = (...names: string[]) => names.map((n) => String(seeded[n]!.id));
  const put = (path: string, body: unknown, secret = token.write) => call(path, secret, { method: 'PUT', body: JSON.stringify(body) });
  const groupState = async (id: number) => (await run.pool!.query<{ status: number; substatus: number | null }>('SELECT status, substatus FROM groups WHERE id = $1', [id])).rows[0];

  describe('GET /api/0/organizations/{org}/issues/', () => {
    it('lists the unresolved feedback of the last 14 days, newest first, shaped like the reference', async () => {
      const { body, link } = await list({ query: FEEDBACK_INBOX });
      expect(body.map((i) => i.id)).toEqual(ids('newest', 'middle', 'oldest'));
      expect(body[0]).toMatchObject({
        id: ids('newest')[0], title: 'User Feedback: The checkout button does nothing', status: 'unresolved', substatus: 'new',
        issueCategory: 'feedback', issueType: 'feedback', hasSeen: false, count: '1', level: 'info', priority: 'medium',
        project: { id: String(web), slug: 'web' }, latestEventHasAttachments: false,
        metadata: { message: 'The checkout button does nothing', name: 'Jane Doe', contact_email: 'jane@example.com', associated_event_id: 'a'.repeat(32) },
      });
      expect(link).toMatch(/rel="previous"; results="false"; cursor="0:0:0"/);
      expect(link).toMatch(/rel="next"; results="false"; cursor="\d+:\d+:0"/);
    });

    it('pages with the Link header cursor', async () => {
      const first = await list({ query: FEEDBACK_INBOX, limit: '2' });
      expect(first.body.map((i) => i.id)).toEqual(ids('newest', 'middle'));
      const next = /<([^>]+)>; rel="next"; results="true"; cursor="([^"]+)"/.exec(first.link);
      expect(next).not.toBeNull();
      const second = await list({ query: FEEDBACK_INBOX, limit: '2', cursor: next![2]! });
      expect(second.body.map((i) => i.id)).toEqual(ids('oldest'));
      expect(second.link).toMatch(/rel="next"; results="false"/);
    });

    it('serves the mailboxes (spam is ignored), free text, project, environment and the time range', async () => {
      expect((await list({ query: 'issue.category:feedback status:ignored' })).body.map((i) => i.id)).toEqual(ids('spam'));
      expect((await list({ query: 'issue.category:feedback status:spam' })).body.map((i) => i.id)).toEqual(ids('spam'));
      expect((await list({ query: 'issue.category:feedback status:resolved' })).body.map((i) => i.id)).toEqual(ids('resolved'));
      expect((await list({ query: 'issue.category:feedback status:unresolved CHECKOUT button' })).body.map((i) => i.id)).toEqual(ids('newest'));
      expect((await list({ query: 'issue.category:feedback "dark mode"' })).body.map((i) => i.id)).toEqual(ids('middle'));
      expect((await list({ query: FEEDBACK_INBOX, project: String(otherProject) })).body.map((i) => i.id)).toEqual(ids('middle'));
      expect((await list({ query: FEEDBACK_INBOX, project: '-1' })).body).toHaveLength(3);
      expect((await list({ query: FEEDBACK_INBOX, environment: 'staging' })).body.map((i) => i.id)).toEqual(ids('middle'));
      expect((await list({ query: FEEDBACK_INBOX, statsPeriod: '10m' })).body.map((i) => i.id)).toEqual(ids('newest', 'middle'));
      expect((await list({ query: FEEDBACK_INBOX, statsPeriod: '90d' })).body.map((i) => i.id)).toEqual(ids('newest', 'middle', 'oldest', 'ancient'));
      const end = new Date(Date.now() - 30 * 60_000).toISOString();
      const start = new Date(Date.now() - 2 * 3_600_000).toISOString();
      expect((await list({ query: FEEDBACK_INBOX, start, end })).body.map((i) => i.id)).toEqual(ids('oldest'));
      // Without a category every issue type is listed; there are only feedback here.
      expect((await list({ query: 'is:unresolved' })).body).toHaveLength(3);
    });

    it('answers 400 naming the parameter for a bad query', async () => {
      const bad = async (query: Record<string, string>, field: string) => {
        const response = await call(issuesPath(query), token.read);
        expect(response.status).toBe(400);
        expect(await response.json()).toMatchObject({ field });
      };
      await bad({ query: 'assigned:me' }, 'query');
      await bad({ query: 'status:maybe' }, 'query');
      await bad({ query: 'issue.category:nonsense' }, 'query');
      await bad({ statsPeriod: 'soon' }, 'statsPeriod');
      await bad({ start: '2025-01-01T00:00:00' }, 'end');
      await bad({ limit: '0' }, 'limit');
      await bad({ cursor: 'abc' }, 'cursor');
      await bad({ project: 'web' }, 'project');
    });
  });

  describe('organisation isolation and scopes', () => {
    it('never shows another organisation\'s issues, not even with its project id', async () => {
      const all = await list({ query: 'issue.category:feedback', statsPeriod: '90d' });
      expect(all.body.map((i) => i.id)).not.toContain(String(foreign.id));
      const response = await call(issuesPath({ project: String(foreign.projectId) }), token.read);
      expect(response.status).toBe(400);
    });

    it('answers every endpoint 401 without a valid token and 404 with another organisation\'s token', async () => {
      const id = seeded['newest']!.id;
      const base = `/api/0/organizations/${run.orgSlug}/issues`;
      const endpoints: [string, string, unknown?][] = [
        ['GET', `${base}/`],
        ['GET', `${base}/${id}/`],
        ['GET', `${base}/${id}/events/latest/`],
        ['PUT', `${base}/${id}/`, { status: 'resolved' }],
        ['PUT', `${base}/?id=${id}`, { status: 'resolved' }],
      ];
      for (const [method, path, body] of endpoints) {
        const init = { method, ...(body ? { body: JSON.stringify(body) } : {}) };
        expect([method, path, (await call(path, null, init)).status]).toEqual([method, path, 401]);
        expect([method, path, (await call(path, 'isu_not-a-token', init)).status]).toEqual([method, path, 401]);
        const other = await call(path, token.other, init);
        expect([method, path, other.status]).toEqual([method, path, 404]);
        expect(await other.json()).toEqual({ detail: 'The requested resource does not exist' });
      }
      expect(await groupState(id)).toEqual({ status: 0, substatus: 7 });
      // The other organisation's issue through its own slug is not reachable with this organisation's token either.
      const theirs = `/api/0/organizations/${otherOrgSlug}/issues/${foreign.id}/`;
      expect((await call(theirs, token.write)).status).toBe(404);
      // Nor through this organisation's slug with the foreign id.
      expect((await call(`${base}/${foreign.id}/`, token.write)).status).toBe(404);
      expect((await call(`${base}/${foreign.id}/events/latest/`, token.write)).status).toBe(404);
      expect((await put(`${base}/${foreign.id}/`, { status: 'ignored' })).status).toBe(404);
      expect((await put(`${base}/?id=${foreign.id}`, { status: 'ignored' })).status).toBe(404);
      expect(await groupState(foreign.id)).toEqual({ status: 0, substatus: 7 });
    });

    it('needs project:write to update (403 with a read-only token)', async () => {
      const response = await put(`/api/0/organizations/${run.orgSlug}/issues/${seeded['oldest']!.id}/`, { status: 'resolved' }, token.read);
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ detail: 'You do not have permission to perform this action.' });
    });
  });

  describe('GET …/issues/{id}/ and …/events/latest/', () => {
    it('returns one issue and its latest stored event with attachments, user report and linked error', async () => {
      const f = seeded['newest']!;
      const issue = await call(`/api/0/organizations/${run.orgSlug}/issues/${f.id}/`, token.read);
      expect(issue.status).toBe(200);
      expect(await issue.json()).toMatchObject({ id: String(f.id), status: 'unresolved', latestEventId: f.eventId });

      const attachments = new EventAttachmentStore(run.pool!);
      await attachments.insert([{
        projectId: f.projectId, eventId: f.eventId, attachmentId: randomUUID().replace(/-/g, ''), groupId: f.id, type: 'event.attachment',
        name: 'screenshot.png', contentType: 'image/png', size: 4, sha1: 'a'.repeat(40), blobKey: 'sha1/aa/aaaa', dateAdded: new Date(),
      }]);
      await run.pool!.query(
        `INSERT INTO user_reports (project_id, event_id, name, email, comments) VALUES ($1, $2, 'Jane Doe', 'jane@example.com', 'It crashed')`,
        [f.projectId, 'a'.repeat(32)],
      );
      const response = await call(`/api/0/organizations/${run.orgSlug}/issues/${f.id}/events/latest/`, token.read);
      expect(response.status).toBe(200);
      const event = (await response.json()) as Record<string, unknown>;
      expect(event).toMatchObject({
        eventID: f.eventId, groupID: String(f.id), projectID: String(f.projectId), message: 'The checkout button does nothing',
        contexts: { feedback: { message: 'The checkout button does nothing', url: 'https://shop.example.com/checkout', associated_event_id: 'a'.repeat(32) } },
        attachments: [{ name: 'screenshot.png', mimetype: 'image/png', size: 4 }],
        userReport: { name: 'Jane Doe', email: 'jane@example.com', comments: 'It crashed', eventID: 'a'.repeat(32) },
        linkedError: { eventID: 'a'.repeat(32), groupID: null },
      });
      expect(event['tags']).toEqual(expect.arrayContaining([{ key: 'browser', value: 'Chrome 120.0' }]));
      const listed = await list({ query: FEEDBACK_INBOX });
      expect(listed.body.find((i) => i.id === String(f.id))).toMatchObject({ latestEventHasAttachments: true });
    });

    it('answers 404 for an unknown or malformed id', async () => {
      expect((await call(`/api/0/organizations/${run.orgSlug}/issues/999999999/`, token.read)).status).toBe(404);
      expect((await call(`/api/0/organizations/${run.orgSlug}/issues/abc/`, token.read)).status).toBe(404);
    });
  });

  describe('PUT …/issues/{id}/ and bulk PUT …/issues/?id=…', () => {
    const one = (id: number) => `/api/0/organizations/${run.orgSlug}/issues/${id}/`;

    it('marks spam (ignored, archived forever), moves it between mailboxes, resolves and unresolves', async () => {
      const f = seeded['oldest']!;
      const spam = await put(one(f.id), { status: 'ignored' });
      expect(spam.status).toBe(200);
      expect(await spam.json()).toEqual({ status: 'ignored', statusDetails: {}, substatus: 'archived_forever' });
      expect(await groupState(f.id)).toEqual({ status: 2, substatus: 5 });
      expect((await list({ query: 'issue.category:feedback status:spam' })).body.map((i) => i.id)).toContain(String(f.id));
      expect((await list({ query: FEEDBACK_INBOX })).body.map((i) => i.id)).not.toContain(String(f.id));

      expect((await put(one(f.id), { status: 'unresolved' })).status).toBe(200);
      expect(await groupState(f.id)).toEqual({ status: 0, substatus: 3 });
      expect((await put(one(f.id), { status: 'resolved' })).status).toBe(200);
      expect(await groupState(f.id)).toEqual({ status: 1, substatus: null });
      // The same change again is the status-change path's no_change: accepted, nothing written.
      expect((await put(one(f.id), { status: 'resolved' })).status).toBe(200);
      expect((await put(one(f.id), { status: 'unresolved' })).status).toBe(200);
      expect(await groupState(f.id)).toEqual({ status: 0, substatus: 3 });
    });

    it('updates several issues at once, skipping ids of other organisations', async () => {
      const a = seeded['middle']!;
      const b = seeded['ancient']!;
      const response = await put(`/api/0/organizations/${run.orgSlug}/issues/?id=${a.id}&id=${b.id}&id=${foreign.id}`, { status: 'resolved' });
      expect(response.status).toBe(200);
      expect(await groupState(a.id)).toEqual({ status: 1, substatus: null });
      expect(await groupState(b.id)).toEqual({ status: 1, substatus: null });
      expect(await groupState(foreign.id)).toEqual({ status: 0, substatus: 7 });
      await put(`/api/0/organizations/${run.orgSlug}/issues/?id=${a.id}&id=${b.id}`, { status: 'unresolved' });
      expect(await groupState(a.id)).toEqual({ status: 0, substatus: 3 });
    });

    it('keeps hasSeen per token', async () => {
      const f = seeded['middle']!;
      expect(await (await put(one(f.id), { hasSeen: true })).json()).toEqual({ hasSeen: true });
      const seenBy = async (secret: string) => (await list({ query: FEEDBACK_INBOX }, secret)).body.find((i) => i.id === String(f.id))?.['hasSeen'];
      expect(await seenBy(token.write)).toBe(true);
      expect(await seenBy(token.otherWriter)).toBe(false);
      await put(one(f.id), { hasSeen: false });
      expect(await seenBy(token.write)).toBe(false);
    });

    it('answers 400 naming the field for a bad body', async () => {
      const f = seeded['newest']!;
      const bad = async (body: unknown, field: string) => {
        const response = await call(one(f.id), token.write, { method: 'PUT', body: typeof body === 'string' ? body : JSON.stringify(body) });
        expect(response.status).toBe(400);
        expect(await response.json()).toMatchObject({ field });
      };
      await bad({ status: 'deleted' }, 'status');
      await bad({ hasSeen: 'yes' }, 'hasSeen');
      await bad({ status: 'resolved', substatus: 'archived_forever' }, 'substatus');
      await bad({}, 'body');
      await bad('[1]', 'body');
      await bad('{"status": ', 'body');
      expect((await put(`/api/0/organizations/${run.orgSlug}/issues/`, { status: 'resolved' })).status).toBe(400);
      expect(await groupState(f.id)).toEqual({ status: 0, substatus: 7 });
    });
  });
});
