import type { MessageProducer, OutgoingMessage } from '@issuestream/kafka';
import { createCodec, InvalidMessageError, type SchemaCodec } from '@issuestream/schemas';
import { GroupCategory } from '../registry/categories';
import { createDefaultRegistry } from '../registry/default-registry';
import { defineGroupType } from '../registry/group-type';
import { GroupStatus, GroupSubStatus } from '../registry/status';
import { InvalidOccurrenceError, InvalidStatusChangeError, type InvalidPayloadError } from './errors';
import { createOccurrenceProducer } from './occurrence-producer';
import type { OccurrenceInput, StatusChangeInput } from './types';

/** Validates with the real schema but needs no registry: the Avro body is replaced by JSON. */
function offlineCodec(): SchemaCodec {
  const real = createCodec({ registryUrl: 'http://127.0.0.1:9/unused' });
  return {
    ...real,
    async encode(topic, record) {
      real.validate(topic, JSON.parse(JSON.stringify(record)));
      return Buffer.from(JSON.stringify(record));
    },
  };
}

class RecordingProducer implements MessageProducer {
  readonly sends: { topic: string; messages: readonly OutgoingMessage[] }[] = [];
  async send(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    this.sends.push({ topic, messages });
  }
  async disconnect(): Promise<void> {
    this.sends.length = 0;
  }
}

const registry = createDefaultRegistry();
const slowStep = registry.register(
  defineGroupType({ typeId: 92001, slug: 'checkout_slow_step', description: 'Slow checkout step', category: GroupCategory.PERFORMANCE }),
);
const now = new Date('2024-06-06T22:43:01.100Z');

function setUp() {
  const producer = new RecordingProducer();
  const occurrences = createOccurrenceProducer({ producer, codec: offlineCodec(), registry, now: () => now });
  return { producer, occurrences };
}

const valid: OccurrenceInput = {
  projectId: 7,
  eventId: 'BBBBBBBB-BBBB-BBBB-BBBB-BBBBBBBBBBBB',
  fingerprint: ['checkout:step-3'],
  issueTitle: 'Checkout step 3 is slow',
  type: slowStep,
};

async function rejection(promise: Promise<unknown>): Promise<InvalidPayloadError> {
  try {
    await promise;
  } catch (error) {
    return error as InvalidPayloadError;
  }
  throw new Error('expected a rejection');
}

describe('produceOccurrence', () => {
  it('fills the defaults, normalises ids and keys by the raw first fingerprint', async () => {
    const { producer, occurrences } = setUp();
    const { key, record, topic } = await occurrences.produceOccurrence({ ...valid, id: 'AAAAAAAA-AAAA-AAAA-AAAA-AAAAAAAAAAAA' });
    expect(topic).toBe('ingest-occurrences');
    expect(key).toBe('checkout:step-3-7');
    expect(record).toEqual({
      id: 'a'.repeat(32),
      project_id: 7,
      event_id: 'b'.repeat(32),
      fingerprint: ['checkout:step-3'],
      issue_title: 'Checkout step 3 is slow',
      subtitle: null,
      resource_id: null,
      evidence_data: {},
      evidence_display: [],
      type: 92001,
      detection_time: now.getTime() / 1000,
      level: 'info',
      culprit: '',
      initial_issue_priority: null,
      assignee: null,
      payload_type: 'occurrence',
      event: null,
      is_buffered_spans: false,
    });
    expect(producer.sends).toHaveLength(1);
    expect(producer.sends[0]?.topic).toBe('ingest-occurrences');
    expect(producer.sends[0]?.messages[0]?.key).toBe('checkout:step-3-7');
  });

  it('generates a hex id when none is given', async () => {
    const { occurrences } = setUp();
    const { record } = await occurrences.produceOccurrence(valid);
    expect(record.id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('completes an event and takes the event id from it', async () => {
    const { occurrences } = setUp();
    const { record } = await occurrences.produceOccurrence({ ...valid, eventId: undefined }, {
      event_id: 'CCCCCCCC-CCCC-CCCC-CCCC-CCCCCCCCCCCC',
      environment: 'prod',
      tags: { step: '3' },
    });
    expect(record.event_id).toBe('c'.repeat(32));
    expect(record.event).toEqual({
      event_id: 'c'.repeat(32),
      project_id: 7,
      platform: 'other',
      environment: 'prod',
      tags: { step: '3' },
      timestamp: '2024-06-06T22:43:01.100Z',
      received: '2024-06-06T22:43:01.100Z',
    });
  });

  it.each<[string, Partial<OccurrenceInput>, string, RegExp]>([
    ['an empty fingerprint', { fingerprint: [] }, 'fingerprint', /^invalid occurrence: fingerprint: must not be empty$/],
    ['an empty fingerprint part', { fingerprint: ['a', ''] }, 'fingerprint[1]', /fingerprint\[1\]: must be a non-empty string/],
    ['an unregistered type', { type: 4242 }, 'type', /type: no group type is registered with type id 4242/],
    ['a type registered under another slug', { type: { ...slowStep, slug: 'not_it' } }, 'type', /registered as "checkout_slow_step", not "not_it"/],
    ['a bad id', { id: 'not-a-uuid' }, 'id', /id: must be a UUID/],
    ['a bad level', { level: 'critical' as never }, 'level', /level: must be one of sample, debug, info, warning, error, fatal, got "critical"/],
    ['a priority that is not one', { initialIssuePriority: 60 as never }, 'initialIssuePriority', /initialIssuePriority: must be 25 \(low\), 50 \(medium\), 75 \(high\) or null/],
    ['priority OK', { initialIssuePriority: 0 as never }, 'initialIssuePriority', /initialIssuePriority/],
    ['a project id of 0', { projectId: 0 }, 'projectId', /projectId: must be a positive integer, got 0/],
    ['an empty title', { issueTitle: '' }, 'issueTitle', /issueTitle: must be a non-empty string/],
    ['milliseconds for seconds', { detectionTime: Date.now() }, 'detectionTime', /looks like milliseconds/],
    ['a malformed assignee', { assignee: 'bob' }, 'assignee', /assignee: must be "user:<id>" or "team:<id>"/],
    ['a bad evidence row', { evidenceDisplay: [{ name: 'x', value: 3 as never }] }, 'evidenceDisplay[0].value', /evidenceDisplay\[0\]\.value: must be a string/],
    ['no event id and no event', { eventId: undefined }, 'eventId', /eventId: is required when no event is given/],
  ])('refuses %s, naming the field', async (_, change, field, message) => {
    const { producer, occurrences } = setUp();
    const error = await rejection(occurrences.produceOccurrence({ ...valid, ...change }));
    expect(error).toBeInstanceOf(InvalidOccurrenceError);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
    expect(producer.sends).toHaveLength(0);
  });

  it('treats a null event as no event', async () => {
    const { occurrences } = setUp();
    const error = await rejection(occurrences.produceOccurrence({ ...valid, eventId: undefined }, null as never));
    expect(error.field).toBe('eventId');
  });

  it('reports every problem at once', async () => {
    const { occurrences } = setUp();
    const error = await rejection(occurrences.produceOccurrence({ ...valid, fingerprint: [], level: 'loud' as never, projectId: -1 }));
    expect(error.issues.map((issue) => issue.field)).toEqual(['projectId', 'fingerprint', 'level']);
  });

  it('refuses an event whose ids disagree with the occurrence', async () => {
    const { occurrences } = setUp();
    const error = await rejection(occurrences.produceOccurrence(valid, { event_id: 'c'.repeat(32), project_id: 8 }));
    expect(error.issues).toEqual([
      { field: 'event.event_id', message: `must equal the occurrence's eventId (${'b'.repeat(32)}), got ${'c'.repeat(32)}` },
      { field: 'event.project_id', message: "must equal the occurrence's projectId (7), got 8" },
    ]);
  });

  it('accepts the same event id written dashed on one side and hex on the other', async () => {
    const { occurrences } = setUp();
    const { record } = await occurrences.produceOccurrence(valid, { event_id: 'b'.repeat(32), project_id: 7 });
    expect(record.event?.['event_id']).toBe('b'.repeat(32));
  });

  it('maps schema violations back to input field names', async () => {
    const codec: SchemaCodec = {
      ...offlineCodec(),
      async encode(topic) {
        throw new InvalidMessageError('schema_validation', `invalid ${topic} message: evidence_display[0].name: expected string`, {
          topic,
          issues: [{ path: 'evidence_display[0].name', message: 'expected string, got 1' }],
        });
      },
    };
    const producer = new RecordingProducer();
    const occurrences = createOccurrenceProducer({ producer, codec, registry });
    const error = await rejection(occurrences.produceOccurrence(valid));
    expect(error).toBeInstanceOf(InvalidOccurrenceError);
    expect(error.field).toBe('evidenceDisplay[0].name');
    expect(error.message).toBe('invalid occurrence: evidenceDisplay[0].name: schema: expected string, got 1');
    expect(producer.sends).toHaveLength(0);
  });
});

describe('produceOccurrences', () => {
  it('sends a batch in one call', async () => {
    const { producer, occurrences } = setUp();
    const produced = await occurrences.produceOccurrences([
      { occurrence: valid },
      { occurrence: { ...valid, fingerprint: ['other'], projectId: 8 } },
    ]);
    expect(produced.map((p) => p.key)).toEqual(['checkout:step-3-7', 'other-8']);
    expect(producer.sends).toHaveLength(1);
    expect(producer.sends[0]?.messages).toHaveLength(2);
  });

  it('sends nothing when one item is invalid, and says which', async () => {
    const { producer, occurrences } = setUp();
    const error = await rejection(occurrences.produceOccurrences([{ occurrence: valid }, { occurrence: { ...valid, fingerprint: [] } }]));
    expect(error.index).toBe(1);
    expect(error.message).toBe('invalid occurrence #1: fingerprint: must not be empty');
    expect(producer.sends).toHaveLength(0);
  });
});

describe('produceStatusChange', () => {
  const resolve: StatusChangeInput = { projectId: 7, fingerprint: ['checkout:step-3'], newStatus: GroupStatus.RESOLVED };

  it('produces with the same key as the occurrences of the issue', async () => {
    const { producer, occurrences } = setUp();
    const { key, record } = await occurrences.produceStatusChange({ ...resolve, updateDate: now, detectorId: 12 });
    expect(key).toBe('checkout:step-3-7');
    expect(record).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{32}$/),
      project_id: 7,
      fingerprint: ['checkout:step-3'],
      new_status: 1,
      new_substatus: null,
      detector_id: 12,
      activity_data: null,
      update_date: '2024-06-06T22:43:01.100Z',
      activity_type: null,
      payload_type: 'status_change',
    });
    expect(producer.sends[0]?.messages[0]?.key).toBe('checkout:step-3-7');
  });

  it.each<[string, Partial<StatusChangeInput>, string, RegExp]>([
    ['RESOLVED with a substatus', { newSubstatus: GroupSubStatus.ONGOING }, 'newSubstatus', /status 1 \(resolved\) takes no substatus \(null\), got 3 \(ongoing\)/],
    ['IGNORED without a substatus', { newStatus: GroupStatus.IGNORED }, 'newSubstatus', /takes one of 1 \(archived_until_escalating\), 4 \(archived_until_condition_met\), 5 \(archived_forever\), got null/],
    ['UNRESOLVED as NEW', { newStatus: GroupStatus.UNRESOLVED, newSubstatus: GroupSubStatus.NEW }, 'newSubstatus', /got 7 \(new\)/],
    ['an unsupported status', { newStatus: GroupStatus.PENDING_MERGE }, 'newStatus', /5 \(pending_merge\) cannot be set by a status change/],
    ['a status that does not exist', { newStatus: 9 as never }, 'newStatus', /must be a GroupStatus value, got 9/],
    ['an empty fingerprint', { fingerprint: [] }, 'fingerprint', /fingerprint: must not be empty/],
    ['a local time without zone', { updateDate: '2024-06-06T10:00:00' }, 'updateDate', /with a time zone/],
    ['activity data that is not an object', { activityData: [] as never }, 'activityData', /must be a JSON object/],
  ])('refuses %s, naming the field', async (_, change, field, message) => {
    const { producer, occurrences } = setUp();
    const error = await rejection(occurrences.produceStatusChange({ ...resolve, ...change }));
    expect(error).toBeInstanceOf(InvalidStatusChangeError);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
    expect(producer.sends).toHaveLength(0);
  });

  it('accepts every producible combination', async () => {
    const { occurrences } = setUp();
    const combos: [GroupStatus, GroupSubStatus | null][] = [
      [GroupStatus.RESOLVED, null],
      [GroupStatus.IGNORED, GroupSubStatus.UNTIL_ESCALATING],
      [GroupStatus.IGNORED, GroupSubStatus.UNTIL_CONDITION_MET],
      [GroupStatus.IGNORED, GroupSubStatus.FOREVER],
      [GroupStatus.UNRESOLVED, GroupSubStatus.ESCALATING],
      [GroupStatus.UNRESOLVED, GroupSubStatus.ONGOING],
      [GroupStatus.UNRESOLVED, GroupSubStatus.REGRESSED],
    ];
    for (const [newStatus, newSubstatus] of combos) {
      await expect(occurrences.produceStatusChange({ ...resolve, newStatus, newSubstatus })).resolves.toBeDefined();
    }
  });
});
