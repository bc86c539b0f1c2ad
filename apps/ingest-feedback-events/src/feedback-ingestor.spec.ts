import type { BatchContext, ConsumedMessage, OutgoingMessage } from '@issuestream/kafka';
import type { IngestFeedbackEvents, SchemaCodec } from '@issuestream/schemas';
import type { ProjectInfo } from '@issuestream/storage';
import type { NewUserReport } from '@issuestream/user-reports-data';
import { FeedbackIngestor, type FeedbackIngestorOptions } from './feedback-ingestor';
import { metricsRegistry } from '@issuestream/observability';
import { noEventStore, outcomeTimestamp } from '@issuestream/feedback';

const project: ProjectInfo = {
  id: 5, organizationId: 9, slug: 'app', platform: 'javascript', organization: { id: 9, slug: 'acme' }, hasFeedbacks: false, hasNewFeedbacks: false, firstEvent: null, hasTransactions: false, hasFlags: false,
};

function fakes(opts: { flags?: string[]; denylist?: string[]; spamOption?: boolean } = {}) {
  const tenants: FeedbackIngestorOptions['tenants'] = {
    getProjects: async (ids: readonly number[]) => new Map(ids.filter((id) => id === project.id).map((id) => [id, project] as const)),
    featuresFor: async () => new Map([[9, new Set(opts.flags ?? ['organizations:user-feedback-ingest'])]]),
    getProjectOptions: async () => new Map([[5, opts.spamOption ?? true]]),
    getGlobalOption: (async (option: { key: string }) =>
      option.key === 'feedback.message.max-size' ? 20 : option.key === 'feedback.filter_garbage_messages' ? false : (opts.denylist ?? [])) as never,
    markFeedbackReceived: async () => [],
    ensureEnvironments: async (refs: readonly { organizationId: number; name: string }[]) => new Map(refs.map((r) => [`${r.organizationId}|${r.name}`, 1] as const)),
  } as never;
  const reports: NewUserReport[] = [];
  const userReports: FeedbackIngestorOptions['userReports'] = {
    save: async (batch) => batch.map((report) => (reports.push(report), { kind: 'inserted', id: reports.length })),
  };
  const codec = { encode: async (topic: string, record: unknown) => Buffer.from(JSON.stringify({ topic, record })) } as unknown as SchemaCodec;
  const sent: { topic: string; messages: OutgoingMessage[] }[] = [];
  const rejected: string[] = [];
  const context = {
    producer: { send: async (topic: string, messages: readonly OutgoingMessage[]) => void sent.push({ topic, messages: [...messages] }), disconnect: async () => undefined },
    span: {} as never,
    reject: (_m: unknown, reason: string) => void rejected.push(reason),
  } as BatchContext;
  const records = (topic: string) => sent.filter((s) => s.topic === topic).flatMap((s) => s.messages.map((m) => JSON.parse(m.value.toString()).record));
  return { tenants, userReports, reports, codec, context, sent, rejected, records };
}

let offset = 0;
function message(event: unknown, projectId = project.id): ConsumedMessage<IngestFeedbackEvents.IngestFeedbackEventsMessage> {
  const payload = Buffer.from(typeof event === 'string' ? event : JSON.stringify(event));
  return {
    topic: 'ingest-feedback-events', partition: 0, offset: String(offset++), key: null, headers: {}, timestamp: '0', raw: payload,
    value: { type: 'event', payload, start_time: 0, event_id: 'f'.repeat(32), project_id: projectId, remote_addr: null, attachments: [] },
  };
}

const feedback = (message: string, id = 'a'.repeat(32)) => ({ event_id: id, timestamp: 1700000000, contexts: { feedback: { message } } });

describe('FeedbackIngestor', () => {
  it('produces occurrences, filters with outcomes and dead-letters unknown projects and bad JSON', async () => {
    const f = fakes();
    const ingestor = new FeedbackIngestor({ tenants: f.tenants, userReports: f.userReports, events: noEventStore, codec: f.codec, occurrencesTopic: 'occ', outcomesTopic: 'out' });
    await ingestor.ingest([message(feedback('hello')), message(feedback('x'.repeat(21), 'b'.repeat(32))), message(feedback('hi'), 77), message('{nope')], f.context);
    expect(f.rejected).toEqual(['project_id', 'payload']);
    const occurrences = f.records('occ');
    expect(occurrences).toHaveLength(1);
    expect(occurrences[0]).toMatchObject({ type: 6001, issue_title: 'User Feedback: hello', culprit: 'user', project_id: 5 });
    const outcomes = f.records('out');
    expect(outcomes.map((o) => [o.outcome, o.reason])).toEqual([[3, 'too_large'], [3, 'project_id'], [3, 'payload'], [0, null]]);
    expect(outcomes[3]).toMatchObject({ category: 14, quantity: 1, project_id: 5, org_id: 9, event_id: 'a'.repeat(32) });
    const metrics = await metricsRegistry.getSingleMetricAsString('issuestream_feedback_filtered_total');
    expect(metrics).toContain('reason="too_large"');
  });

  it('gates by flag and denylist', async () => {
    const off = fakes({ flags: [] });
    await new FeedbackIngestor({ tenants: off.tenants, userReports: off.userReports, events: noEventStore, codec: off.codec, occurrencesTopic: 'occ', outcomesTopic: 'out' }).ingest([message(feedback('hello'))], off.context);
    expect(off.records('occ')).toHaveLength(0);
    expect(off.records('out')[0]).toMatchObject({ outcome: 1, reason: 'feature_disabled' });
    const denied = fakes({ denylist: ['acme'] });
    await new FeedbackIngestor({ tenants: denied.tenants, userReports: denied.userReports, events: noEventStore, codec: denied.codec, occurrencesTopic: 'occ', outcomesTopic: 'out' }).ingest([message(feedback('hello'))], denied.context);
    expect(denied.records('out')[0]).toMatchObject({ outcome: 1, reason: 'org.denylist' });
  });

  it('sends a status change for spam only when detection is enabled', async () => {
    const on = fakes({ flags: ['organizations:user-feedback-ingest', 'organizations:user-feedback-spam-ingest'] });
    await new FeedbackIngestor({ tenants: on.tenants, userReports: on.userReports, events: noEventStore, codec: on.codec, occurrencesTopic: 'occ', outcomesTopic: 'out', spamDetector: { classify: () => 'spam' } }).ingest([message(feedback('buy'))], on.context);
    const [occurrence, change] = on.records('occ');
    expect(occurrence.evidence_data).toBeDefined();
    expect(change).toMatchObject({ new_status: 2, new_substatus: 5, fingerprint: occurrence.fingerprint });
    const optionOff = fakes({ flags: ['organizations:user-feedback-ingest', 'organizations:user-feedback-spam-ingest'], spamOption: false });
    await new FeedbackIngestor({ tenants: optionOff.tenants, userReports: optionOff.userReports, events: noEventStore, codec: optionOff.codec, occurrencesTopic: 'occ', outcomesTopic: 'out', spamDetector: { classify: () => 'spam' } }).ingest([message(feedback('buy'))], optionOff.context);
    expect(optionOff.records('occ')).toHaveLength(1);
  });

  it('stores a user report for feedback about an error event, and reports a refused one as INVALID', async () => {
    const f = fakes();
    const ingestor = new FeedbackIngestor({ tenants: f.tenants, userReports: f.userReports, events: noEventStore, codec: f.codec, occurrencesTopic: 'occ', outcomesTopic: 'out' });
    const about = (id: string, name: string) => ({ ...feedback('broken', id), contexts: { feedback: { message: 'broken', name, associated_event_id: 'C'.repeat(32) } } });
    await ingestor.ingest([message(about('c'.repeat(32), 'Jane')), message(about('d'.repeat(32), 'n'.repeat(129))), message(feedback('no link', 'e'.repeat(32)))], f.context);
    expect(f.records('occ')).toHaveLength(3);
    expect(f.reports).toEqual([
      { projectId: 5, eventId: 'c'.repeat(32), groupId: null, environmentId: 1, name: 'Jane', email: '', comments: 'broken', dateAdded: new Date(1700000000 * 1000) },
    ]);
    const invalid = f.records('out').filter((o) => o.outcome === 3);
    expect(invalid).toEqual([expect.objectContaining({ reason: 'Name Too Large', event_id: null, category: 14, project_id: 5, org_id: 9 })]);
  });

  it('formats outcome timestamps with microseconds', () => {
    expect(outcomeTimestamp(new Date('2023-03-28T22:53:00.123Z'))).toBe('2023-03-28T22:53:00.123000Z');
  });
});
