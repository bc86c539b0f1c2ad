import type { Outcomes } from '@issuestream/schemas';
import { PROJECT_ALLOWED_ORIGINS } from '@issuestream/storage';
import { randomUUID } from 'node:crypto';
import { ApiRun } from './api.harness';

const newEventId = () => randomUUID().replace(/-/g, '');

describe('api (real Postgres and Kafka)', () => {
  const run = new ApiRun();
  beforeAll(() => run.start());
  afterAll(() => run.stop());

  const feedbackPath = (project = 'web') => `/api/0/projects/${run.orgSlug}/${project}/user-feedback/`;
  const postFeedback = (body: unknown, { dsn = run.dsn(), project = 'web', raw }: { dsn?: string | null; project?: string; raw?: string } = {}) =>
    run.request(feedbackPath(project), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(dsn === null ? {} : { authorization: `DSN ${dsn}` }) },
      body: raw ?? JSON.stringify(body),
    });
  const report = (eventId: string, overrides: Record<string, unknown> = {}) => ({ event_id: eventId, name: 'Jane', email: 'jane@example.com', comments: 'It broke', ...overrides });

  describe('POST /api/0/projects/{org}/{project}/user-feedback/', () => {
    it('saves a report with DSN auth, answers 200 with an empty body and produces an ACCEPTED outcome', async () => {
      const eventId = newEventId();
      const response = await postFeedback(report(eventId));
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('');
      const rows = await run.reports(run.key!.projectId);
      expect(rows.find((r) => r.event_id === eventId)).toMatchObject({ name: 'Jane', email: 'jane@example.com', comments: 'It broke', group_id: null });
      const outcomes = await run.outcomesUntil(run.key!.projectId, (all) => all.some((o) => o.outcome === 0));
      expect(outcomes[0]).toMatchObject({ outcome: 0, category: 14, project_id: run.key!.projectId, source: 'api:user_report_sentry_django_endpoint' });
    });

    it('refuses a key of another project (401) and missing or unknown DSNs, storing nothing', async () => {
      const eventId = newEventId();
      const other = await postFeedback(report(eventId), { dsn: run.dsn(run.otherKey!) });
      expect(other.status).toBe(401);
      expect(await other.json()).toEqual({ detail: 'Invalid dsn' });
      expect((await postFeedback(report(eventId), { dsn: null })).status).toBe(401);
      const unknown = `http://${'f'.repeat(32)}@ingest.example.com/${run.key!.projectId}`;
      expect((await postFeedback(report(eventId), { dsn: unknown })).status).toBe(401);
      // The key's own DSN naming another project id in its path is refused too.
      const mismatched = `http://${run.key!.publicKey}@ingest.example.com/${run.otherKey!.projectId}`;
      expect((await postFeedback(report(eventId), { dsn: mismatched, project: 'other' })).status).toBe(401);
      for (const projectId of [run.key!.projectId, run.otherKey!.projectId]) expect((await run.reports(projectId)).some((r) => r.event_id === eventId)).toBe(false);
    });

    it('answers 404 for an unknown project', async () => {
      expect((await postFeedback(report(newEventId()), { project: 'nope' })).status).toBe(404);
    });

    it('names every invalid field with 400 and stores nothing', async () => {
      const eventId = newEventId();
      const response = await postFeedback({ event_id: randomUUID(), name: 'x'.repeat(129), email: 'not-an-email', comments: '   ' });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        event_id: ['Ensure this field has no more than 32 characters.'],
        name: ['Ensure this field has no more than 128 characters.'],
        email: ['Enter a valid email address.'],
        comments: ['This field may not be blank.'],
      });
      expect(await (await postFeedback({})).json()).toMatchObject({ comments: ['This field is required.'] });
      const tooLong = await postFeedback(report(eventId, { comments: 'x'.repeat(4097) }));
      expect(await tooLong.json()).toEqual({ comments: ['Ensure this field has no more than 4096 characters.'] });
      const badId = await postFeedback(report('z'.repeat(32)));
      expect(badId.status).toBe(400);
      expect(await badId.json()).toEqual({ detail: 'Invalid Event ID' });
      expect((await run.reports(run.key!.projectId)).some((r) => r.event_id === eventId)).toBe(false);
    });

    it('refuses malformed and oversize bodies with a JSON 4xx', async () => {
      const malformed = await postFeedback(null, { raw: '{"event_id": ' });
      expect(malformed.status).toBe(400);
      expect(await malformed.json()).toHaveProperty('detail');
      const notObject = await postFeedback([1, 2]);
      expect(await notObject.json()).toEqual({ detail: 'body: expected a JSON object', field: 'body' });
      const oversize = await postFeedback(report(newEventId(), { comments: 'x'.repeat(70 * 1024) }));
      expect(oversize.status).toBe(413);
      expect(await oversize.json()).toEqual({ detail: 'body: larger than 65536 bytes', field: 'body' });
      const formOversize = await run.request(`/api/embed/error-page/?eventId=${newEventId()}&dsn=${encodeURIComponent(run.dsn())}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `comments=${'x'.repeat(70 * 1024)}`,
      });
      expect(formOversize.status).toBe(413);
      expect(await formOversize.json()).toEqual({ errors: { body: ['body: larger than 65536 bytes'] } });
    });

    it('overwrites within five minutes, refuses a changed report after that with 409, and accepts a resubmission', async () => {
      const projectId = run.key!.projectId;
      const recent = newEventId();
      expect((await postFeedback(report(recent))).status).toBe(200);
      expect((await postFeedback(report(recent))).status).toBe(200);
      expect((await postFeedback(report(recent, { comments: 'Still broken' }))).status).toBe(200);
      const recentRows = (await run.reports(projectId)).filter((r) => r.event_id === recent);
      expect(recentRows).toHaveLength(1);
      expect(recentRows[0]!.comments).toBe('Still broken');

      const old = newEventId();
      expect((await postFeedback(report(old))).status).toBe(200);
      await run.pool!.query('UPDATE user_reports SET date_added = date_added - interval \'6 minutes\' WHERE project_id = $1 AND event_id = $2', [projectId, old]);
      const conflict = await postFeedback(report(old, { comments: 'Changed' }));
      expect(conflict.status).toBe(409);
      expect(await conflict.json()).toEqual({ detail: 'Feedback for this event cannot be modified.' });
      // As in the reference, past the window even the same report again is a duplicate.
      expect((await postFeedback(report(old))).status).toBe(409);
      expect((await run.reports(projectId)).filter((r) => r.event_id === old).map((r) => r.comments)).toEqual(['It broke']);
      const duplicates = (all: Outcomes.Outcome[]) => all.filter((o) => o.outcome === 3 && o.reason === 'Duplicate report');
      expect(duplicates(await run.outcomesUntil(projectId, (all) => duplicates(all).length >= 2))).toHaveLength(2);
    });
  });

  describe('reports about stored error events', () => {
    const errorDocument = {
      timestamp: Date.now() / 1000 - 60, platform: 'javascript', level: 'error', environment: 'staging',
      user: { email: 'user@example.com', username: 'jdoe' }, contexts: { trace: { trace_id: 'ab'.repeat(16), span_id: 'cd'.repeat(8) } }, tags: [['browser', 'Chrome']],
    };

    it('links the report to the event’s issue and environment and shims it to one feedback issue, also when sent again', async () => {
      const projectId = run.key!.projectId;
      const eventId = newEventId();
      const groupId = await run.storeErrorEvent(projectId, eventId, { occurredAt: new Date(Date.now() - 60_000), environment: 'staging', document: errorDocument });
      expect((await postFeedback(report(eventId, { name: '', email: 'jane@example.com' }), {})).status).toBe(400);
      expect((await postFeedback(report(eventId))).status).toBe(200);
      expect((await postFeedback(report(eventId))).status).toBe(200);
      const [row] = (await run.reports(projectId)).filter((r) => r.event_id === eventId);
      expect(row!.group_id).toBe(String(groupId));
      const { rows: [environment] } = await run.pool!.query<{ name: string }>(
        'SELECT e.name FROM environments e JOIN user_reports r ON r.environment_id = e.id WHERE r.project_id = $1 AND r.event_id = $2', [projectId, eventId]);
      expect(environment!.name).toBe('staging');
      const about = (all: Awaited<ReturnType<typeof run.occurrencesUntil>>) => all.filter((o) => o.evidence_data['associated_event_id'] === eventId);
      const occurrences = about(await run.occurrencesUntil((all) => about(all).length >= 2));
      expect(new Set(occurrences.map((o) => o.id)).size).toBe(1);
      expect(occurrences[0]).toMatchObject({
        project_id: projectId, type: 6001, culprit: 'user', level: 'error', issue_title: 'User Feedback: It broke',
        evidence_data: { source: 'user_report_sentry_django_endpoint', name: 'Jane', contact_email: 'jane@example.com', message: 'It broke' },
        event: { environment: 'staging', contexts: { trace: { trace_id: 'ab'.repeat(16) } }, tags: { browser: 'Chrome', has_linked_error: 'true' } },
      });
      const accepted = (all: Outcomes.Outcome[]) => all.filter((o) => o.outcome === 0 && o.event_id === occurrences[0]!.event_id);
      expect(accepted(await run.outcomesUntil(projectId, (all) => accepted(all).length >= 1))[0]).toMatchObject({ category: 14 });
    });

    it('refuses a report on an event older than 30 minutes with 409 and shims nothing', async () => {
      const projectId = run.key!.projectId;
      const eventId = newEventId();
      await run.storeErrorEvent(projectId, eventId, { occurredAt: new Date(Date.now() - 31 * 60_000), environment: '', document: errorDocument });
      const response = await postFeedback(report(eventId));
      expect(response.status).toBe(409);
      expect((await run.reports(projectId)).some((r) => r.event_id === eventId)).toBe(false);
      const tooOld = (all: Outcomes.Outcome[]) => all.filter((o) => o.reason === 'Associated event is too old');
      expect((await run.outcomesUntil(projectId, (all) => tooOld(all).length >= 1)).length).toBeGreaterThan(0);
    });
  });

  it('answers /livez, /readyz and /metrics with the request counters', async () => {
    expect((await run.request('/livez')).status).toBe(200);
    expect((await run.request('/readyz')).status).toBe(200);
    const metrics = await (await run.request('/metrics')).text();
    expect(metrics).toContain('issuestream_api_user_report_requests_total{endpoint="user-feedback",status="200",reason="saved"}');
  });

  describe('/api/embed/error-page/', () => {
    const embedPath = (eventId: string | null, dsn: string | null, extra = '') =>
      `/api/embed/error-page/?${[eventId === null ? '' : `eventId=${eventId}`, dsn === null ? '' : `dsn=${encodeURIComponent(dsn)}`, extra].filter(Boolean).join('&')}`;
    const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
    const postForm = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
      run.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://shop.example.com', ...headers }, body: form(fields) });

    it('serves the dialog script with the options and the form wiring', async () => {
      const eventId = newEventId();
      const response = await run.request(embedPath(eventId, run.dsn(), 'title=%3Cb%3EOops&name=Jane&email=jane%40example.com&labelSubmit=Send'));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      const script = await response.text();
      expect(script).toContain('\\u003cb>Oops');
      expect(script).not.toContain('<b>Oops');
      expect(script).toContain('"labelSubmit":"Send"');
      expect(script).toContain('"prefill":{"name":"Jane","email":"jane@example.com"}');
      expect(script).toContain(`/api/embed/error-page/?eventId=${eventId}`);
      expect(script).toContain("xhr.open('POST', CONFIG.endpoint, true)");
      expect(script).toContain('__sentry_reportdialog_closed__');
      expect(script).toContain('sentryEmbedCallback');
      expect(() => new Function(script)).not.toThrow();
    });

    it('checks the event id (400), then the DSN (404), then the origin (403)', async () => {
      const missing = await run.request(embedPath(null, run.dsn()));
      expect(missing.status).toBe(400);
      expect(await missing.json()).toEqual({ eventId: 'Missing or invalid parameter.' });
      expect((await run.request(embedPath('nope', run.dsn()))).status).toBe(400);
      const noDsn = await run.request(embedPath(newEventId(), null));
      expect(noDsn.status).toBe(404);
      expect(await noDsn.json()).toEqual({ dsn: 'Missing or invalid parameter.' });
      const script = await run.request(embedPath(newEventId(), null), { headers: { accept: 'text/javascript' } });
      expect(script.headers.get('x-sentry-context')).toBe('{"dsn":"Missing or invalid parameter."}');
      expect(await script.text()).toBe('');

      await run.tenants!.setProjectOption(run.otherKey!.projectId, PROJECT_ALLOWED_ORIGINS, ['*.example.org']);
      const eventId = newEventId();
      const refused = await postForm(embedPath(eventId, run.dsn(run.otherKey!)), { name: 'A', email: 'a@example.com', comments: 'x' });
      expect(refused.status).toBe(403);
      const allowed = await postForm(embedPath(eventId, run.dsn(run.otherKey!)), { name: 'A', email: 'a@example.com', comments: 'x' }, { origin: 'https://app.example.org' });
      expect(allowed.status).toBe(200);
    });

    it('saves the form through save_userreport with the embed source, CORS echoing the origin', async () => {
      const eventId = newEventId();
      const response = await postForm(embedPath(eventId, run.dsn()), { name: 'Ann', email: 'ann@example.com', comments: 'Checkout crashed' });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({});
      expect(response.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
      expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
      const rows = (await run.reports(run.key!.projectId)).filter((r) => r.event_id === eventId);
      expect(rows).toMatchObject([{ name: 'Ann', email: 'ann@example.com', comments: 'Checkout crashed' }]);
      await run.outcomesUntil(run.key!.projectId, (all) => all.some((o) => o.source === 'api:crash_report_embed_form' && o.outcome === 0));
      const preflight = await run.request(embedPath(eventId, run.dsn()), { method: 'OPTIONS', headers: { origin: 'https://shop.example.com' } });
      expect(preflight.status).toBe(200);
    });

    it('names invalid form fields with 400 and stores nothing', async () => {
      const eventId = newEventId();
      const response = await postForm(embedPath(eventId, run.dsn()), { name: '', email: 'nope', comments: 'x'.repeat(9001) });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        errors: {
          name: ['This field may not be blank.'],
          email: ['Enter a valid email address.'],
          comments: ['Ensure this field has no more than 4096 characters.'],
        },
      });
      expect((await run.reports(run.key!.projectId)).some((r) => r.event_id === eventId)).toBe(false);
    });
  });
});
