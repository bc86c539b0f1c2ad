import { groupNormalizedEvent, normalizeEvent } from '@issuestream/errors';
import { createGroups } from '@issuestream/issues-data';
import { testStackEnv, waitFor } from '@issuestream/testing';
import { EventsRun, exceptionEvent, newEventId } from './ingest-events.harness';
import { TcpProxy } from './tcp-proxy';

jest.setTimeout(180000);

let run: EventsRun;

beforeAll(async () => {
  run = new EventsRun();
  await run.setUp();
  await run.start();
});

afterAll(async () => {
  await run?.tearDown();
});

const groupTitled = (title: string) => waitFor(async () => (await run.groups()).find((g) => g.title === title), { timeoutMs: 60000, description: `the issue "${title}"` });

describe('ingest-events against the real stack', () => {
  it('turns an exception into an error issue, an errors row, an eventstream insert and an ACCEPTED outcome; a changed line joins it', async () => {
    const first = newEventId();
    await run.sendAvro(exceptionEvent(first, { type: 'TypeError', value: 'cart is undefined', functions: ['main', 'checkout'], line: 10, extra: { release: 'shop@1.0.0', user: { id: '42', email: 'a@example.com' }, tags: { region: 'eu' }, contexts: { trace: { trace_id: '0123456789ABCDEF0123456789abcdef', span_id: '0123456789abcdef' }, replay: { replay_id: 'AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE' } } } }));
    const group = await groupTitled('TypeError: cart is undefined');
    expect(group).toMatchObject({ type: 1, status: 0, substatus: 7, times_seen: '1', level: 40, culprit: 'checkout(app)' });

    const second = newEventId();
    await run.sendAvro(exceptionEvent(second, { type: 'TypeError', value: 'cart is undefined', functions: ['main', 'checkout'], line: 99 }));
    await waitFor(async () => (await run.groups()).find((g) => g.id === group.id && g.times_seen === '2'), { description: 'times_seen 2' });
    expect((await run.groups()).filter((g) => g.title === 'TypeError: cart is undefined')).toHaveLength(1);

    const rows = await waitFor(async () => {
      const all = (await run.errorRows()).filter((r) => r.group_id === Number(group.id));
      return all.length === 2 ? all : undefined;
    }, { description: 'two errors rows' });
    const row = rows.find((r) => r.event_id === first)!;
    expect(row).toMatchObject({
      title: 'TypeError: cart is undefined', culprit: 'checkout(app)', level: 'error', environment: 'production', release: 'shop@1.0.0',
      exception_types: ['TypeError'], exception_values: ['cart is undefined'], user_id: '42', user_email: 'a@example.com',
      trace_id: '0123456789abcdef0123456789abcdef', replay_id: 'aaaaaaaabbbb4ccc8dddeeeeeeeeeeee', sdk_name: 'sentry.javascript.node',
    });
    expect(row.tags).toMatchObject({ region: 'eu', level: 'error', environment: 'production', 'sentry:release': 'shop@1.0.0', 'sentry:user': 'id:42' });

    const stream = await run.eventstream(2);
    const inserts = stream.filter((m) => m.payload.group_id === Number(group.id));
    expect(inserts.map((m) => [m.payload.event_id, m.state.is_new, m.state.is_new_group_environment])).toEqual([[first, true, true], [second, false, false]]);
    expect(inserts[0]).toMatchObject({ version: 2, operation: 'insert', payload: { project_id: run.projectId, organization_id: run.organizationId, group_ids: [Number(group.id)], platform: 'node' }, state: { queue: 'post_process_errors', is_regression: false } });
    expect(inserts[0]!.payload.primary_hash).toMatch(/^[0-9a-f]{32}$/);
    expect(inserts[0]!.payload.datetime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    const outcomes = await run.outcomes(1, second);
    expect(outcomes.filter((o) => o.event_id === first || o.event_id === second).map((o) => o.outcome)).toEqual([0, 0]);
  });

  it('takes Relay msgpack event messages: a parameterized message becomes its own issue', async () => {
    const eventId = newEventId();
    await run.sendMsgpack(run.relayMessage({ event_id: eventId, level: 'warning', platform: 'python', logentry: { message: 'payment %s failed for %s', params: ['p-1', 'bob'] }, tags: [['server_name', 'web-1']], timestamp: Date.now() / 1000 }));
    const group = await groupTitled('payment p-1 failed for bob');
    expect(group).toMatchObject({ type: 1, level: 30, times_seen: '1' });
    await run.sendMsgpack(run.relayMessage({ event_id: newEventId(), level: 'warning', platform: 'python', logentry: { message: 'payment %s failed for %s', params: ['p-2', 'eve'] } }));
    await waitFor(async () => (await run.groups()).filter((g) => g.title.startsWith('payment p-')).length === 2, { description: 'a second message issue (no template, so the formatted text groups)' });
  });

  it('stores and counts a redelivered or resent event once', async () => {
    const eventId = newEventId();
    const event = exceptionEvent(eventId, { type: 'RangeError', value: 'resent once', functions: ['resend'] });
    await run.sendAvro(event);
    await run.sendAvro(event);
    await run.sendMsgpack(run.relayMessage(event));
    const marker = newEventId();
    await run.sendAvro(exceptionEvent(marker, { type: 'RangeError', value: 'marker after resends', functions: ['marker'] }));
    await groupTitled('RangeError: marker after resends');
    const group = await groupTitled('RangeError: resent once');
    expect(group.times_seen).toBe('1');
  });

  it('regresses a resolved issue: REGRESSED, is_regression on the eventstream', async () => {
    await run.sendAvro(exceptionEvent(newEventId(), { type: 'Error', value: 'comes back', functions: ['regress'] }));
    const group = await groupTitled('Error: comes back');
    await run.resolve(Number(group.id));
    const again = newEventId();
    await run.sendAvro(exceptionEvent(again, { type: 'Error', value: 'comes back', functions: ['regress'] }));
    await waitFor(async () => (await run.groups()).find((g) => g.id === group.id && g.status === 0 && g.substatus === 6 && g.times_seen === '2'), { description: 'the issue regressed' });
    const stream = await run.eventstreamInsert(again);
    expect(stream?.state).toMatchObject({ is_regression: true, is_new: false });
    expect(stream?.state.group_states).toEqual([expect.objectContaining({ id: Number(group.id), is_regression: true })]);
  });

  it('rejects bad input with a reason and keeps consuming', async () => {
    const badTimestamp = newEventId();
    await run.sendAvro({ ...exceptionEvent(badTimestamp), timestamp: 'yesterday-ish' });
    await run.sendAvro('[1, 2, 3]', { eventId: newEventId() });
    await run.sendAvro('{"event_id": "not json', { eventId: newEventId() });
    // Just under Relay's 1 MiB event limit, so depth (not size) is what rejects it.
    const deep = `${'{"a":'.repeat(174_000)}1${'}'.repeat(174_000)}`;
    await run.sendAvro(deep, { eventId: newEventId() });
    await run.sendAvro(exceptionEvent(newEventId()), { eventId: 'not-an-id' });
    await run.sendMsgpack({ type: 'event', payload: Buffer.from('{}'), start_time: 1, project_id: run.projectId, attachments: [] });
    const huge = newEventId();
    const frames = Array.from({ length: 10_000 }, (_, i) => ({ function: `f${i % 7}`, in_app: true }));
    await run.sendAvro({ ...exceptionEvent(huge), exception: { values: [{ type: 'StackOverflow', value: 'deep recursion', stacktrace: { frames } }] } });
    const next = newEventId();
    await run.sendAvro(exceptionEvent(next, { type: 'Error', value: 'after the bad ones', functions: ['after'] }));

    await groupTitled('Error: after the bad ones');
    await groupTitled('StackOverflow: deep recursion');
    const invalid = (await run.outcomes(5, 'invalid_')).filter((o) => o.outcome === 3);
    expect(invalid.map((o) => o.reason).sort()).toEqual(['invalid_event_id', 'invalid_json', 'invalid_json', 'invalid_json', 'invalid_timestamp']);
    const [missingId] = await run.deadLetters(1);
    expect(missingId!.headers['x-dlq-reason']).toBeTruthy();
    expect(run.app!.child.exitCode).toBeNull();
  });

  it('answers a bad /errors query with 400 naming the parameter', async () => {
    for (const [query, field] of [['', 'project_id'], ['project_id=x', 'project_id'], [`project_id=${run.projectId}&limit=0`, 'limit'], [`project_id=${run.projectId}&event_id=abc`, 'event_id']]) {
      const response = await fetch(`http://127.0.0.1:${run.httpPort}/errors?${query}`);
      expect([query, response.status]).toEqual([query, 400]);
      expect(JSON.stringify(await response.json())).toContain(field!);
    }
  });

  it('joins an issue a concurrent transaction created first instead of retrying the batch', async () => {
    const eventId = newEventId();
    const event = exceptionEvent(eventId, { type: 'RaceError', value: 'created concurrently', functions: ['race'] });
    const normalized = normalizeEvent({ payload: Buffer.from(JSON.stringify(event)), start_time: Math.floor(Date.now() / 1000), event_id: eventId, project_id: run.projectId, remote_addr: null });
    if (!normalized.ok) throw new Error(normalized.reason);
    const { primaryHash } = groupNormalizedEvent(normalized.event);
    const retriesBefore = await run.metric('issuestream_consumer_retries_total');
    // Another batch's transaction has claimed the hash and not committed yet.
    const rival = await run.pool.connect();
    try {
      await rival.query('BEGIN');
      const at = new Date();
      const { created: [group] } = await createGroups(rival, [{
        projectId: run.projectId, type: 1, primaryHash, status: 0, substatus: 7, timesSeen: 1, firstSeen: at, lastSeen: at, level: 40,
        title: 'RaceError: created concurrently', culprit: 'race(app)', message: '', priority: 75, platform: 'node', metadata: {},
      }]);
      await run.sendAvro(event);
      await waitFor(async () => {
        const { rows } = await run.pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'ingest-events' AND wait_event_type = 'Lock'`,
        );
        return rows[0]!.n > 0;
      }, { description: 'the batch waiting for the rival transaction' });
      await rival.query('COMMIT');
      await waitFor(async () => (await run.groups()).find((g) => g.id === String(group!.id) && g.times_seen === '2'), { description: 'the event counted on the rival issue' });
    } finally {
      // After a failure above, the pool must not get the client back inside the open transaction.
      await rival.query('ROLLBACK').catch(() => undefined);
      rival.release();
    }
    expect((await run.groups()).filter((g) => g.title === 'RaceError: created concurrently')).toHaveLength(1);
    expect((await run.eventstreamInsert(eventId))?.state).toMatchObject({ is_new: false });
    expect(await run.metric('issuestream_consumer_retries_total')).toBe(retriesBefore);
  });

  it('survives SIGKILL mid-batch: after a restart every event is stored once and times_seen is exact', async () => {
    const before = await run.storedEvents();
    const count = 400;
    const events = Array.from({ length: count }, (_, i) => exceptionEvent(newEventId(), { type: 'CrashError', value: `kind ${i % 10}`, functions: ['crash', `k${i % 10}`] }));
    for (let i = 0; i < count; i += 50) await Promise.all(events.slice(i, i + 50).map((e) => run.sendAvro(e)));
    await run.waitForStored(before + 1);
    run.app!.kill('SIGKILL');
    await run.app!.exited;
    await run.start();
    await run.waitForStored(before + count, 120000);
    const crashGroups = (await run.groups()).filter((g) => g.title.startsWith('CrashError: kind '));
    expect(crashGroups).toHaveLength(10);
    expect(crashGroups.map((g) => Number(g.times_seen))).toEqual(Array(10).fill(count / 10));
    expect(await run.storedEvents()).toBe(before + count);
    // Events committed before the kill but not yet on the eventstream are sent by the redelivery.
    await run.eventstreamCovers(events.map((e) => e.event_id));
  });

  it('rides out a Postgres outage mid-batch: every event once, times_seen exact, no crash', async () => {
    const database = new URL(testStackEnv().databaseUrl);
    const proxy = await TcpProxy.start(database.hostname, Number(database.port || 5432));
    try {
      await run.stop();
      const throughProxy = new URL(database.toString());
      throughProxy.host = `127.0.0.1:${proxy.port}`;
      await run.start({ DATABASE_URL: throughProxy.toString() });
      const before = await run.storedEvents();
      const count = 300;
      const events = Array.from({ length: count }, (_, i) => exceptionEvent(newEventId(), { type: 'OutageError', value: `kind ${i % 6}`, functions: ['outage', `o${i % 6}`] }));
      const retriesBefore = await run.metric('issuestream_consumer_retries_total');
      const sending = (async () => {
        for (let i = 0; i < count; i += 20) {
          await Promise.all(events.slice(i, i + 20).map((e) => run.sendAvro(e)));
          if (i === 100) proxy.cut();
        }
      })();
      await sending;
      await waitFor(async () => (await run.metric('issuestream_consumer_retries_total')) > retriesBefore, { timeoutMs: 60000, description: 'a batch retried during the outage' });
      proxy.restore();
      await run.waitForStored(before + count, 120000);
      const outageGroups = (await run.groups()).filter((g) => g.title.startsWith('OutageError: kind '));
      expect(outageGroups.map((g) => Number(g.times_seen))).toEqual(Array(6).fill(count / 6));
      expect(await run.storedEvents()).toBe(before + count);
      expect(run.app!.child.exitCode).toBeNull();
    } finally {
      proxy.restore();
      await proxy.close();
    }
  });
});
