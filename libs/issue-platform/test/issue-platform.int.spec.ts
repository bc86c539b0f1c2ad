/**
 * The worked example of the README, against the real stack: a platform team
 * declares its own group type, registers it, opens an issue with an
 * occurrence and resolves it with a status change. What reaches Kafka is read
 * back and decoded with the registered Avro schema.
 */
import { adHocTopics, createProducer, provisionTopics, readTopic, type MessageProducer, type ReadMessage } from '@issuestream/kafka';
import { createCodec, type IngestOccurrences } from '@issuestream/schemas';
import { testStackEnv, uniqueName, waitFor } from '@issuestream/testing';
import {
  createDefaultRegistry,
  createOccurrenceProducer,
  defineGroupType,
  featureFlags,
  GroupCategory,
  GroupStatus,
  GroupSubStatus,
  InvalidOccurrenceError,
  perHour,
  PriorityLevel,
  type OccurrenceProducer,
} from '../src';

const stack = testStackEnv();
const connection = { brokers: stack.kafkaBrokers, clientId: 'issue-platform-test' };
const codec = createCodec({ registryUrl: stack.schemaRegistryUrl });

// --- what the platform team writes (see README "Worked example") ---
const QueueBacklogType = defineGroupType({
  typeId: 14001,
  slug: 'queue_backlog',
  description: 'Queue backlog growing',
  category: GroupCategory.PERFORMANCE,
  categoryV2: GroupCategory.METRIC,
  defaultPriority: PriorityLevel.HIGH,
  noiseConfig: { ignoreLimit: 2 },
  creationQuota: perHour(100),
  enableAutoResolve: false,
});
const registry = createDefaultRegistry();
registry.register(QueueBacklogType);

let kafkaProducer: MessageProducer;

beforeAll(async () => {
  // The stack may still be starting; registering is idempotent.
  await waitFor(async () => (await codec.registerAll()).length > 0, { timeoutMs: 60000, description: 'the schema registry to accept our schemas' });
  kafkaProducer = await createProducer(connection);
});

afterAll(async () => {
  await kafkaProducer?.disconnect();
});

async function freshProducer(): Promise<{ topic: string; occurrences: OccurrenceProducer }> {
  const topic = uniqueName('issue_platform');
  await provisionTopics(connection, adHocTopics(topic, 1));
  return { topic, occurrences: createOccurrenceProducer({ producer: kafkaProducer, codec, registry, topic }) };
}

async function readBack(topic: string, count: number): Promise<{ key: string; record: IngestOccurrences.IngestOccurrencesMessage; schemaId: number }[]> {
  const messages: ReadMessage[] = await readTopic(connection, topic, { until: (read) => read.length >= count, timeoutMs: 30000 });
  return Promise.all(
    messages.map(async (message) => {
      const decoded = await codec.decode('ingest-occurrences', message.value ?? Buffer.alloc(0));
      expect(decoded.encoding).toBe('avro');
      return { key: message.key?.toString() ?? '', record: decoded.record, schemaId: decoded.schemaId ?? -1 };
    }),
  );
}

describe('issue platform producer against Kafka and the schema registry', () => {
  it('produces an occurrence of a newly registered type that decodes with the registered schema', async () => {
    const { topic, occurrences } = await freshProducer();
    const detectedAt = new Date('2024-06-06T22:43:01.100Z');
    const sent = await occurrences.produceOccurrence(
      {
        id: 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa',
        projectId: 1,
        fingerprint: ['queue:emails', 'queue-any'],
        issueTitle: 'Queue "emails" is backing up',
        subtitle: '12,000 messages waiting, growing for 15 minutes',
        type: QueueBacklogType,
        detectionTime: detectedAt,
        level: 'warning',
        culprit: 'workers/email-sender',
        evidenceData: { queue: 'emails', depth: 12000 },
        evidenceDisplay: [
          { name: 'Queue', value: 'emails', important: true },
          { name: 'Depth', value: '12000' },
        ],
      },
      { environment: 'prod', platform: 'python', tags: { queue: 'emails' } },
    );

    const [message, ...rest] = await readBack(topic, 1);
    expect(rest).toEqual([]);
    expect(message?.key).toBe('queue:emails-1');
    const record = message?.record as IngestOccurrences.Occurrence;
    expect(record.payload_type).toBe('occurrence');
    expect(record).toEqual(sent.record);
    expect(record).toMatchObject({
      id: 'a'.repeat(32),
      project_id: 1,
      event_id: sent.record.event_id,
      fingerprint: ['queue:emails', 'queue-any'],
      issue_title: 'Queue "emails" is backing up',
      type: 14001,
      detection_time: 1717713781.1,
      level: 'warning',
      culprit: 'workers/email-sender',
      initial_issue_priority: null,
      evidence_data: { queue: 'emails', depth: 12000 },
      evidence_display: [
        { name: 'Queue', value: 'emails', important: true },
        { name: 'Depth', value: '12000', important: false },
      ],
    });
    expect(record.event_id).toMatch(/^[0-9a-f]{32}$/);
    expect(record.event).toMatchObject({ event_id: record.event_id, project_id: 1, environment: 'prod', platform: 'python', tags: { queue: 'emails' } });
    expect(message?.schemaId).toBe(await codec.schemaId('ingest-occurrences'));
  });

  it('produces a status change keyed like the issue it resolves', async () => {
    const { topic, occurrences } = await freshProducer();
    await occurrences.produceOccurrence({ projectId: 1, eventId: 'b'.repeat(32), fingerprint: ['queue:emails'], issueTitle: 'Queue "emails" is backing up', type: 14001 });
    const sent = await occurrences.produceStatusChange({
      projectId: 1,
      fingerprint: ['queue:emails'],
      newStatus: GroupStatus.RESOLVED,
      detectorId: 77,
      activityData: { reason: 'queue drained' },
      updateDate: '2024-06-07T08:00:00+00:00',
    });

    const messages = await readBack(topic, 2);
    expect(messages.map((m) => m.key)).toEqual(['queue:emails-1', 'queue:emails-1']);
    expect(messages.map((m) => m.record.payload_type)).toEqual(['occurrence', 'status_change']);
    const change = messages[1]?.record as IngestOccurrences.StatusChange;
    expect(change).toEqual(sent.record);
    expect(change).toMatchObject({
      project_id: 1,
      fingerprint: ['queue:emails'],
      new_status: GroupStatus.RESOLVED,
      new_substatus: null,
      detector_id: 77,
      activity_data: { reason: 'queue drained' },
      update_date: '2024-06-07T08:00:00.000Z',
    });
    expect(change.id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('produces a batch in order and sends nothing for an invalid one', async () => {
    const { topic, occurrences } = await freshProducer();
    const base = { projectId: 2, eventId: 'c'.repeat(32), issueTitle: 'Queue backing up', type: 14001 };
    await expect(
      occurrences.produceOccurrences([{ occurrence: { ...base, fingerprint: ['queue:a'] } }, { occurrence: { ...base, fingerprint: [] } }]),
    ).rejects.toThrow(InvalidOccurrenceError);
    await occurrences.produceOccurrences([
      { occurrence: { ...base, fingerprint: ['queue:a'] } },
      { occurrence: { ...base, fingerprint: ['queue:b'], initialIssuePriority: PriorityLevel.LOW } },
    ]);
    await occurrences.produceStatusChange({ projectId: 2, fingerprint: ['queue:a'], newStatus: GroupStatus.IGNORED, newSubstatus: GroupSubStatus.UNTIL_ESCALATING });

    const messages = await readBack(topic, 3);
    expect(messages.map((m) => m.key)).toEqual(['queue:a-2', 'queue:b-2', 'queue:a-2']);
    expect((messages[1]?.record as IngestOccurrences.Occurrence).initial_issue_priority).toBe(25);
    expect(messages[2]?.record).toMatchObject({ payload_type: 'status_change', new_status: 2, new_substatus: 1 });
  });

  it('gates the new type by its flags until it is released', () => {
    expect(featureFlags(QueueBacklogType)).toEqual([
      'organizations:issue-queue-backlog-visible',
      'organizations:issue-queue-backlog-ingest',
      'organizations:issue-queue-backlog-post-process-group',
    ]);
    expect(QueueBacklogType.allowIngest(['organizations:issue-queue-backlog-ingest'])).toBe(true);
    expect(registry.visibleFor([]).some((type) => type.typeId === 14001)).toBe(false);
  });
});
