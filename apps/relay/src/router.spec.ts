import { parseEnvelope } from '@issuestream/envelopes';
import { loadRelayConfig } from './config';
import { planRoutes, type RouteContext } from './router';

const ID = 'abcdefabcdefabcdefabcdefabcdefab';
let seq = 0;
const ctx: RouteContext = { projectId: 7, startTime: 1700000000, remoteAddr: '10.0.0.1', chunkSize: 4, newId: () => `att-${++seq}` };
const env = (text: string) => parseEnvelope(Buffer.from(text));
const attachment = (data: string, extra = '') => `{"type":"attachment","length":${data.length}${extra}}\n${data}\n`;

beforeEach(() => {
  seq = 0;
});

describe('planRoutes', () => {
  it('sends feedback to the feedback topic with the header id written into the payload', () => {
    const plan = planRoutes(env(`{"event_id":"${ID}"}\n{"type":"feedback"}\n{"event_id":"${'1'.repeat(32)}","contexts":{"feedback":{"message":"m"}}}`), ctx);
    expect(plan.messages).toHaveLength(1);
    const [message] = plan.messages;
    expect(message).toMatchObject({ topic: 'ingest-feedback-events', record: { type: 'event', event_id: ID, project_id: 7, start_time: 1700000000, remote_addr: '10.0.0.1', attachments: [] } });
    expect(message!.key).toEqual(Buffer.from(ID, 'hex'));
    expect(JSON.parse((message!.record as { payload: Buffer }).payload.toString())).toMatchObject({ event_id: ID, type: 'feedback' });
    expect(plan.outcomes).toEqual([{ type: 'feedback', outcome: 'produced' }]);
  });

  it('inlines small standalone attachments and chunks large or empty ones', () => {
    const plan = planRoutes(env(`{"event_id":"${ID}"}\n${attachment('abc', ',"filename":"s.png","content_type":"image/png"')}${attachment('abcdefghij')}${attachment('')}`), ctx);
    expect(plan.messages.map((m) => m.record.type)).toEqual(['attachment', 'attachment_chunk', 'attachment_chunk', 'attachment_chunk', 'attachment', 'attachment']);
    expect(plan.messages[0]!.record).toMatchObject({ type: 'attachment', event_id: ID, attachment: { id: 'att-1', name: 's.png', content_type: 'image/png', attachment_type: 'event.attachment', size: 3, data: Buffer.from('abc') } });
    expect(plan.messages.slice(1, 4).map((m) => m.record)).toEqual([0, 1, 2].map((i) => expect.objectContaining({ id: 'att-2', chunk_index: i })));
    expect(plan.messages[4]!.record).toMatchObject({ attachment: { id: 'att-2', name: 'Unnamed Attachment', size: 10, chunks: 3 } });
    expect(plan.messages[5]!.record).toMatchObject({ attachment: { id: 'att-3', size: 0, chunks: 0 } });
  });

  it('treats an attachment of exactly the chunk size as chunked', () => {
    const plan = planRoutes(env(`{"event_id":"${ID}"}\n${attachment('abcd')}`), ctx);
    expect(plan.messages.map((m) => m.record.type)).toEqual(['attachment_chunk', 'attachment']);
  });

  it('sends an error event alone to ingest-events', () => {
    const plan = planRoutes(env(`{"event_id":"${ID}"}\n{"type":"event"}\n{"message":"x"}`), ctx);
    expect(plan.messages).toEqual([expect.objectContaining({ topic: 'ingest-events', record: expect.objectContaining({ event_id: ID, attachments: [] }) })]);
  });

  it('gives a backend error the replay its trace header names (normalize_replay_context), and leaves feedback as sent', () => {
    const replay = '6f1c2d3e4a5b4c6d8e7f901234567890';
    const header = `{"event_id":"${ID}","trace":{"trace_id":"${'a'.repeat(32)}","replay_id":"${replay}"}}`;
    const [error] = planRoutes(env(`${header}\n{"type":"event"}\n{"message":"x","contexts":{"trace":{"trace_id":"${'a'.repeat(32)}"}}}`), ctx).messages;
    expect(JSON.parse((error!.record as { payload: Buffer }).payload.toString()).contexts).toEqual({ trace: { trace_id: 'a'.repeat(32) }, replay: { type: 'replay', replay_id: replay } });
    const [feedback] = planRoutes(env(`${header}\n{"type":"feedback"}\n{"contexts":{"feedback":{"message":"m"}}}`), ctx).messages;
    expect(JSON.parse((feedback!.record as { payload: Buffer }).payload.toString()).contexts).toEqual({ feedback: { message: 'm' } });
  });

  it('chunks an error event’s attachments and sends the event after them to ingest-attachments', () => {
    const plan = planRoutes(env(`{"event_id":"${ID}"}\n${attachment('abcde', ',"filename":"f"')}{"type":"event"}\n{"message":"x"}\n`), ctx);
    expect(plan.messages.map((m) => `${m.topic}:${m.record.type}`)).toEqual(['ingest-attachments:attachment_chunk', 'ingest-attachments:attachment_chunk', 'ingest-attachments:event']);
    expect(plan.messages[2]!.record).toMatchObject({ attachments: [{ id: 'att-1', name: 'f', size: 5, chunks: 2 }] });
  });

  it('routes an error event with only a user report to ingest-attachments and re-serialises the report', () => {
    const plan = planRoutes(env(`{"event_id":"${ID}"}\n{"type":"event"}\n{}\n{"type":"user_report"}\n{"event_id":"${ID}","name":"n","comments":"c","extra":1}\n`), ctx);
    expect(plan.messages.map((m) => `${m.topic}:${m.record.type}`)).toEqual(['ingest-attachments:user_report', 'ingest-attachments:event']);
    expect(JSON.parse((plan.messages[0]!.record as { payload: Buffer }).payload.toString())).toEqual({ event_id: ID, name: 'n', email: '', comments: 'c' });
  });

  it('counts transactions, sessions and client reports without producing, and drops unknown items and bad JSON', () => {
    const plan = planRoutes(env(`{"event_id":"${ID}"}\n{"type":"transaction"}\n{}\n{"type":"session"}\n{}\n{"type":"client_report"}\n{}\n{"type":"mystery"}\n{}\n{"type":"user_report"}\nnot json\n`), ctx);
    expect(plan.messages).toEqual([]);
    expect(plan.outcomes).toEqual([
      { type: 'transaction', outcome: 'accepted' },
      { type: 'session', outcome: 'accepted' },
      { type: 'client_report', outcome: 'accepted' },
      { type: 'mystery', outcome: 'dropped', reason: 'unsupported_item' },
      { type: 'user_report', outcome: 'dropped', reason: 'invalid_json' },
    ]);
  });

  it('drops a feedback item whose payload is not JSON', () => {
    expect(planRoutes(env(`{"event_id":"${ID}"}\n{"type":"feedback"}\n{oops`), ctx).outcomes).toEqual([{ type: 'feedback', outcome: 'dropped', reason: 'invalid_json' }]);
  });

  it('sends nil event ids without a key', () => {
    const plan = planRoutes(env(`{"event_id":"${'0'.repeat(32)}"}\n{"type":"feedback"}\n{}`), ctx);
    expect(plan.messages[0]!.key).toBeNull();
  });

  describe('against Relay’s routing (spec-attachments-errors §1.2–1.4, spec-relay-envelopes §4.2–4.4)', () => {
    const records = (plan: ReturnType<typeof planRoutes>) => plan.messages.map((m) => `${m.topic}:${m.record.type}`);

    it('gives an attachment a dashed v4 id, shared by its chunks and its metadata, and splits at 1 MiB by default', () => {
      const MiB = 1024 * 1024;
      expect(loadRelayConfig({}).RELAY_ATTACHMENT_CHUNK_SIZE).toBe(MiB);
      const big = 'x'.repeat(MiB + 1);
      const plan = planRoutes(env(`{"event_id":"${ID}"}\n${attachment(big)}{"type":"event"}\n{}\n`), { ...ctx, chunkSize: MiB, newId: undefined });
      expect(records(plan)).toEqual(['ingest-attachments:attachment_chunk', 'ingest-attachments:attachment_chunk', 'ingest-attachments:event']);
      const chunks = plan.messages.slice(0, 2).map((m) => m.record as { id: string; chunk_index: number; payload: Buffer });
      expect(chunks.map((c) => [c.chunk_index, c.payload.length])).toEqual([[0, MiB], [1, 1]]);
      const [meta] = (plan.messages[2]!.record as { attachments: { id: string; chunks: number }[] }).attachments;
      expect(meta!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(chunks.every((c) => c.id === meta!.id)).toBe(true);
      expect(meta!.chunks).toBe(2);
      expect(plan.messages.every((m) => m.key?.equals(Buffer.from(ID, 'hex')))).toBe(true);
    });

    it('always chunks an error event’s attachments, however small; an empty one has no chunks', () => {
      const plan = planRoutes(env(`{"event_id":"${ID}"}\n${attachment('ab')}${attachment('')}{"type":"event"}\n{}\n`), ctx);
      expect(records(plan)).toEqual(['ingest-attachments:attachment_chunk', 'ingest-attachments:event']);
      expect((plan.messages[1]!.record as { attachments: unknown[] }).attachments).toEqual([
        expect.objectContaining({ id: 'att-1', size: 2, chunks: 1 }),
        expect.objectContaining({ id: 'att-2', size: 0, chunks: 0 }),
      ]);
    });

    it('treats a security report as the error event its attachments belong to', () => {
      const plan = planRoutes(env(`{"event_id":"${ID}"}\n{"type":"security"}\n{"csp-report":{}}\n${attachment('ab')}`), ctx);
      expect(records(plan)).toEqual(['ingest-attachments:attachment_chunk', 'ingest-attachments:event']);
    });

    it('sends a transaction’s attachments standalone (the transaction itself is only counted)', () => {
      const plan = planRoutes(env(`{"event_id":"${ID}"}\n{"type":"transaction"}\n{}\n${attachment('ab')}`), ctx);
      expect(records(plan)).toEqual(['ingest-attachments:attachment']);
      expect(plan.messages[0]!.record).toMatchObject({ attachment: { data: Buffer.from('ab') } });
    });

    it('sends a feedback’s screenshot standalone under the feedback’s id, the feedback with no attachments (§1.9)', () => {
      const screenshot = attachment('png!', ',"filename":"screenshot.png","content_type":"application/png"');
      const plan = planRoutes(env(`{"event_id":"${ID}"}\n{"type":"feedback"}\n{"contexts":{"feedback":{"message":"m"}}}\n${screenshot}`), { ...ctx, chunkSize: 1024 });
      expect(records(plan)).toEqual(['ingest-feedback-events:event', 'ingest-attachments:attachment']);
      expect(plan.messages[0]!.record).toMatchObject({ attachments: [] });
      expect(plan.messages[1]!.record).toMatchObject({
        event_id: ID, attachment: { name: 'screenshot.png', content_type: 'application/png', attachment_type: 'event.attachment', data: Buffer.from('png!') },
      });
      expect(plan.messages[1]!.key).toEqual(Buffer.from(ID, 'hex'));
    });

    it('sends a lone user report to ingest-attachments keyed by the envelope, the report’s id defaulting to the envelope’s', () => {
      const plan = planRoutes(env(`{"event_id":"${ID}"}\n{"type":"user_report"}\n{"name":"n","email":"e@x.io","comments":"c"}\n`), ctx);
      expect(records(plan)).toEqual(['ingest-attachments:user_report']);
      expect(plan.messages[0]!.record).toMatchObject({ project_id: 7, start_time: 1700000000, event_id: ID });
      expect(plan.messages[0]!.key).toEqual(Buffer.from(ID, 'hex'));
    });

    it('drops the attachments of an error event that is not JSON instead of sending chunks nothing will assemble', () => {
      const plan = planRoutes(env(`{"event_id":"${ID}"}\n${attachment('abcdef')}{"type":"event"}\n{oops\n`), ctx);
      expect(plan.messages).toEqual([]);
      expect(plan.outcomes).toEqual([{ type: 'attachment', outcome: 'dropped', reason: 'invalid_event' }, { type: 'event', outcome: 'dropped', reason: 'invalid_json' }]);
    });
  });
});
