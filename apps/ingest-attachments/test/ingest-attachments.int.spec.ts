import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { decode as unpack, encode as msgpack } from '@msgpack/msgpack';
import { ATTACHMENT_PROJECT_PER_SECOND_LIMIT } from '@issuestream/storage';
import { fixturePath, waitFor } from '@issuestream/testing';
import { AttachmentsRun, MiB, chunksOf, newId } from './ingest-attachments.harness';

jest.setTimeout(180000);

let run: AttachmentsRun;

beforeAll(async () => {
  run = new AttachmentsRun();
  await run.setUp();
  await run.start({ ATTACHMENT_MAX_BYTES: String(3 * MiB) });
});

afterAll(async () => {
  await run?.tearDown();
});

const sha1 = (data: Buffer) => createHash('sha1').update(data).digest('hex');

function exceptionEvent(eventId: string, value: string) {
  return {
    event_id: eventId, platform: 'node', level: 'error', timestamp: Date.now() / 1000,
    exception: { values: [{ type: 'TypeError', value, stacktrace: { frames: [{ function: 'main', module: 'app', filename: '/srv/app.js', lineno: 3, in_app: true }] } }] },
  };
}

describe('ingest-attachments against the real stack', () => {
  it('stores a standalone attachment (Avro, inline) with its blob and an ACCEPTED outcome; a redelivery creates nothing twice', async () => {
    const eventId = newId();
    const data = Buffer.from('{"hello": "world"}');
    const messages = run.standalone(eventId, data, { name: 'state.json', content_type: 'application/json; charset=utf-8' });
    await run.send(eventId, messages);
    const [row] = await run.waitForRows(eventId, 1);
    expect(row).toMatchObject({
      projectId: run.projectId, eventId, groupId: null, type: 'event.attachment', name: 'state.json', contentType: 'application/json', size: data.length, sha1: sha1(data),
    });
    expect(await run.blob(row!.blobKey)).toEqual(data);

    await run.send(eventId, messages);
    await run.drain();
    expect(await run.rows(eventId)).toHaveLength(1);
    const outcomes = await run.outcomes(1, eventId);
    expect(outcomes.map((o) => [o.outcome, o.category, o.quantity, o.reason])).toEqual([[0, 4, data.length, null]]);
  });

  it('reassembles chunks whose messages arrive out of index order, in one batch or several; a missing chunk gives INVALID missing_chunks and no row', async () => {
    const eventId = newId();
    const data = randomBytes(Math.floor(2.5 * MiB));
    const id = randomUUID();
    const chunks = chunksOf(data).map((payload, i) => run.chunk(eventId, id, i, payload));
    await run.send(eventId, [chunks[2]!, chunks[0]!]);
    await run.send(eventId, [chunks[1]!, run.attachment(eventId, { id, name: 'dump.bin', attachment_type: 'event.attachment', size: data.length, chunks: 3 })]);
    const [row] = await run.waitForRows(eventId, 1);
    expect(row).toMatchObject({ size: data.length, sha1: sha1(data), contentType: 'application/octet-stream', attachmentId: id.replace(/-/g, '') });
    expect(sha1(await run.blob(row!.blobKey))).toBe(sha1(data));

    const incomplete = newId();
    const lostId = randomUUID();
    await run.send(incomplete, [
      run.chunk(incomplete, lostId, 0, Buffer.from('Hello ')),
      run.chunk(incomplete, lostId, 2, Buffer.from('!')),
      run.attachment(incomplete, { id: lostId, name: 'greeting.txt', size: 13, chunks: 3 }),
    ]);
    const [invalid] = await run.outcomes(1, incomplete);
    expect(invalid).toMatchObject({ outcome: 3, reason: 'missing_chunks', category: 4, event_id: incomplete, quantity: 13 });
    expect(await run.rows(incomplete)).toEqual([]);
  });

  it("takes Relay's msgpack: the sentry-kafka-schemas attachment example, its chunk named attachment_id", async () => {
    const example = unpack(readFileSync(fixturePath('ingest-attachments.attachment.msgpack'))) as Record<string, unknown> & { attachment: Record<string, unknown> };
    const eventId = newId();
    const content = randomBytes(100);
    const chunk = { type: 'attachment_chunk', payload: content, event_id: eventId, project_id: run.projectId, attachment_id: example.attachment['id'], chunk_index: 0 };
    const message = { ...example, event_id: eventId, project_id: run.projectId };
    await run.sendRaw(eventId, [Buffer.from(msgpack(chunk)), Buffer.from(msgpack(message))]);
    const [row] = await run.waitForRows(eventId, 1);
    expect(row).toMatchObject({ name: 'screenshot.png', contentType: 'application/png', type: 'event.attachment', size: 100, sha1: sha1(content), attachmentId: 'b'.repeat(32) });
  });

  it("stores an error event that carried attachments through the errors pipeline, the attachments with the event's issue; redelivering every message creates nothing twice", async () => {
    const eventId = newId();
    const log = randomBytes(MiB + 10);
    const empty = randomUUID();
    const logId = randomUUID();
    const messages = [
      ...chunksOf(log).map((payload, i) => run.chunk(eventId, logId, i, payload)),
      {
        type: 'event' as const, payload: Buffer.from(JSON.stringify(exceptionEvent(eventId, 'attachments are fun'))), start_time: Math.floor(Date.now() / 1000),
        event_id: eventId, project_id: run.projectId, remote_addr: '10.0.0.1',
        attachments: [
          { id: logId, name: 'app.log', attachment_type: 'event.attachment', size: log.length, chunks: 2 },
          { id: empty, name: 'empty.txt', attachment_type: 'event.attachment', size: 0, chunks: 0 },
          { id: randomUUID(), name: 'minidump.dmp', attachment_type: 'event.minidump', size: 3, chunks: 1, rate_limited: true },
        ],
      },
    ];
    await run.send(eventId, messages);
    const rows = await run.waitForRows(eventId, 2);
    const { rows: groups } = await run.pool.query<{ id: string; times_seen: string }>(`SELECT g.id, g.times_seen FROM error_events e JOIN groups g ON g.id = e.group_id WHERE e.project_id = $1 AND e.event_id = $2`, [run.projectId, eventId]);
    expect(groups).toEqual([{ id: expect.any(String), times_seen: '1' }]);
    expect(rows.map((r) => [r.name, r.size, r.groupId, r.blobKey === null])).toEqual([
      ['app.log', log.length, Number(groups[0]!.id), false],
      ['empty.txt', 0, Number(groups[0]!.id), true],
    ]);
    expect(sha1(await run.blob(rows[0]!.blobKey))).toBe(sha1(log));

    await run.send(eventId, messages);
    await run.drain();
    expect(await run.rows(eventId)).toHaveLength(2);
    const { rows: again } = await run.pool.query<{ times_seen: string }>(`SELECT g.times_seen FROM groups g WHERE g.id = $1`, [groups[0]!.id]);
    expect(again[0]!.times_seen).toBe('1');
    const outcomes = await run.outcomes(3, eventId);
    expect(outcomes.map((o) => [o.category, o.outcome]).sort()).toEqual([[1, 0], [4, 0], [4, 0]]);
  });

  it('saves user reports with the envelope source (event id from the message, the body or the Kafka key); a redelivery is unchanged; an invalid one gets INVALID', async () => {
    const startTime = Math.floor(Date.now() / 1000);
    const report = (eventId: string | null, body: Record<string, unknown>) => ({
      type: 'user_report' as const, payload: Buffer.from(JSON.stringify(body)), start_time: startTime, project_id: run.projectId, event_id: eventId,
    });
    const first = newId();
    const fromKey = newId();
    await run.send(first, [report(first, { name: 'Jane', email: 'jane@example.com', comments: 'It broke' })]);
    await run.sendRaw(fromKey, [Buffer.from(msgpack({ type: 'user_report', project_id: run.projectId, start_time: startTime, payload: Buffer.from(JSON.stringify({ name: 'Kim', email: '', comments: ' Relay left the id out ' })) }))]);
    const stored = () => run.pool.query<{ event_id: string; name: string; comments: string; group_id: string | null }>(
      `SELECT event_id, name, comments, group_id FROM user_reports WHERE project_id = $1 AND event_id = ANY($2) ORDER BY name`, [run.projectId, [first, fromKey]],
    );
    await waitFor(async () => (await stored()).rows.length === 2 || undefined, { timeoutMs: 60000, description: 'two user reports' });
    expect((await stored()).rows).toEqual([
      { event_id: first, name: 'Jane', comments: 'It broke', group_id: null },
      { event_id: fromKey, name: 'Kim', comments: 'Relay left the id out', group_id: null },
    ]);

    await run.send(first, [report(first, { name: 'Jane', email: 'jane@example.com', comments: 'It broke' })]);
    const tooLong = newId();
    await run.send(tooLong, [report(tooLong, { name: 'x'.repeat(129), comments: 'hi' })]);
    const [invalid] = await run.outcomes(1, 'Name Too Large');
    expect(invalid).toMatchObject({ outcome: 3, category: 14, project_id: run.projectId });
    expect((await stored()).rows).toHaveLength(2);
    const reportOutcomes = await run.outcomes(3, 'user_report_envelope');
    expect(reportOutcomes.map((o) => [o.category, o.outcome, o.reason]).sort()).toEqual([[14, 0, null], [14, 0, null], [14, 3, 'Name Too Large']]);
  });

  it('dead-letters unknown projects and malformed messages with their reason, refuses oversize attachments, and keeps consuming', async () => {
    const eventId = newId();
    await run.send(eventId, [
      run.attachment(eventId, { id: randomUUID(), name: 'a.txt', data: Buffer.from('a') }, 999_999_999),
      run.chunk(eventId, randomUUID(), 0, Buffer.from('a'), 999_999_999),
      run.attachment(eventId, { id: 'not-a-uuid', name: 'b.txt', data: Buffer.from('b') }),
      run.attachment('nope', { id: randomUUID(), name: 'c.txt', data: Buffer.from('c') }),
      run.chunk(eventId, randomUUID(), -1, Buffer.from('d')),
    ]);
    await run.sendRaw(eventId, [Buffer.from('definitely not a message'), Buffer.from(msgpack({ type: 'attachment', event_id: eventId }))]);
    const oversize = newId();
    await run.send(oversize, run.standalone(oversize, randomBytes(3 * MiB + 1), { name: 'huge.bin' }));
    // Five of the seven carry the event id in their bytes; every one carries its reason.
    await run.deadLetters(5, eventId);
    const reasons = (await run.deadLetters(7, 'x-dlq-reason')).map((m) => m.headers['x-dlq-reason']);
    expect(reasons.sort()).toEqual(['invalid_attachment_id', 'invalid_chunk_index', 'invalid_event_id', 'schema_validation', 'unknown_encoding', 'unknown_project', 'unknown_project'].sort());
    const [tooLarge] = await run.outcomes(1, oversize);
    expect(tooLarge).toMatchObject({ outcome: 3, reason: 'too_large' });
    await run.drain();
    expect(await run.rows(eventId)).toEqual([]);
    expect(await run.rows(oversize)).toEqual([]);
    expect(run.app!.child.exitCode).toBeNull();
  });

  it('rate limits a project per second (RATE_LIMITED) and stores nothing for an organisation without organizations:event-attachments', async () => {
    await run.tenants.setGlobalOption(ATTACHMENT_PROJECT_PER_SECOND_LIMIT, 2);
    try {
      const eventId = newId();
      await run.send(eventId, Array.from({ length: 5 }, (_, i) => run.standalone(eventId, Buffer.from(`file ${i}`), { name: `f${i}.txt` })).flat());
      const outcomes = await run.outcomes(5, eventId);
      const limited = outcomes.filter((o) => o.outcome === 2);
      expect(limited.length).toBeGreaterThanOrEqual(3);
      expect(limited[0]).toMatchObject({ reason: 'rate_limited', category: 4 });
      expect((await run.rows(eventId)).length).toBe(5 - limited.length);
    } finally {
      await run.tenants.setGlobalOption(ATTACHMENT_PROJECT_PER_SECOND_LIMIT, 100);
    }

    await run.tenants.setFeature(run.organizationId, 'organizations:event-attachments', false);
    const off = newId();
    try {
      await run.send(off, run.standalone(off, Buffer.from('not kept')));
      await waitFor(async () => (await run.metric('issuestream_attachments_total{outcome="feature_disabled"}')) >= 1, { timeoutMs: 60000, description: 'feature_disabled counted' });
    } finally {
      await run.tenants.setFeature(run.organizationId, 'organizations:event-attachments', true);
    }
    expect(await run.rows(off)).toEqual([]);
  });
});
