import type { StoredGroup } from '@issuestream/issues-data';
import { TopicSchema, type Events } from '@issuestream/schemas';
import { errorGroupUpdates, locateErrorGroups, newErrorGroup } from './error-group-plan';
import { eventstreamDatetime, eventstreamInsert } from './eventstream';
import { groupNormalizedEvent, storedEventJson } from './grouped-event';
import { normalizeEvent } from './normalize-event';

const NOW = 1_700_000_000;
let seq = 0;

function normalized(payload: Record<string, unknown>, at = NOW) {
  const eventId = (++seq).toString(16).padStart(32, '0');
  const result = normalizeEvent({ payload: Buffer.from(JSON.stringify({ timestamp: at, ...payload })), start_time: NOW, event_id: eventId, project_id: 3, remote_addr: null });
  if (!result.ok) throw new Error(result.reason);
  return result.event;
}

const grouped = (payload: Record<string, unknown>, at = NOW) => groupNormalizedEvent(normalized(payload, at));

const crashPayload = (fn: string, extra: Record<string, unknown> = {}) =>
  ({ platform: 'node', exception: { values: [{ type: 'TypeError', value: `boom ${seq}`, stacktrace: { frames: [{ function: fn, module: 'app', in_app: true }] } }] }, ...extra });
const crash = (fn: string, extra: Record<string, unknown> = {}, at = NOW) => grouped(crashPayload(fn, extra), at);

function stored(overrides: Partial<StoredGroup>): StoredGroup {
  return {
    id: 9, projectId: 3, type: 1, primaryHash: '', status: 0, substatus: 7, timesSeen: 4, firstSeen: new Date((NOW - 100) * 1000),
    lastSeen: new Date((NOW - 50) * 1000), level: 40, title: 't', culprit: 'c', priority: 75, metadata: { initial_priority: 75 }, ...overrides,
  };
}

describe('error group plan', () => {
  it('creates one issue per new primary hash, counting every event of the batch', () => {
    const [a, b, c] = [crash('pay', { level: 'warning' }, NOW - 10), crash('pay', {}, NOW - 5), crash('ship')];
    const location = locateErrorGroups([a!, b!, c!], new Map());
    expect([...location.fresh.values()].map((items) => items.length)).toEqual([2, 1]);
    const group = newErrorGroup([a!, b!]);
    expect(group).toMatchObject({ type: 1, status: 0, substatus: 7, timesSeen: 2, level: 40, priority: 50 });
    expect(group.title).toBe(a!.description.title);
    expect(group.title).toMatch(/^TypeError: boom /);
    expect(group.firstSeen.getTime()).toBe((NOW - 10) * 1000);
    expect(group.lastSeen.getTime()).toBe((NOW - 5) * 1000);
    expect(group.metadata).toMatchObject({ type: 'TypeError', sdk: { name: '', version: '' }, initial_priority: 50 });
  });

  it('picks an existing issue by any of its hashes and leaves issues of other types alone', () => {
    const event = crash('pay');
    const mine = stored({ primaryHash: event.primaryHash });
    const key = `3:${event.primaryHash}`;
    expect(locateErrorGroups([event], new Map([[key, mine]])).existing).toEqual([{ item: event, group: mine }]);
    expect(locateErrorGroups([event], new Map([[key, { ...mine, type: 6001 }]])).mismatched).toEqual([event]);
  });

  it('folds a batch into one update per issue and regresses a resolved one on its first event', () => {
    const group = stored({ status: 1, substatus: null });
    const first = crash('pay', { level: 'fatal' }, NOW - 1);
    const second = crash('pay', { level: 'info' }, NOW - 2);
    const { updates, regressions } = errorGroupUpdates([{ item: first, group }, { item: second, group }]);
    expect(updates).toEqual([expect.objectContaining({ id: 9, addTimesSeen: 2, status: 0, substatus: 6, level: 50, priority: 75 })]);
    expect(updates[0]!.lastSeen.getTime()).toBe((NOW - 1) * 1000);
    expect(regressions.get(9)).toBe(first);
    expect(errorGroupUpdates([{ item: first, group: stored({}) }]).regressions.size).toBe(0);
  });

  it('keeps a real title in the metadata over a later placeholder', () => {
    const unlabeled = grouped({});
    expect(unlabeled.description.title).toBe('<unlabeled event>');
    const { updates } = errorGroupUpdates([{ item: unlabeled, group: stored({}) }]);
    expect(updates[0]!.metadata).not.toHaveProperty('title');
  });
});

describe('eventstream insert', () => {
  it('writes datetimes with microseconds and a Z', () => {
    expect(eventstreamDatetime(1677512412.223)).toBe('2023-02-27T15:40:12.223000Z');
    expect(eventstreamDatetime(1677512412)).toBe('2023-02-27T15:40:12.000000Z');
  });

  it('carries the event, its group and the flags, with one group state', () => {
    const event = crash('pay', { environment: 'prod' });
    const message = eventstreamInsert(event, 12, 5, 'a'.repeat(32), { isNew: true, isRegression: false, isNewGroupEnvironment: true });
    expect(message).toMatchObject({
      version: 2, operation: 'insert',
      payload: { event_id: event.event.eventId, project_id: 3, organization_id: 5, group_id: 12, group_ids: [12], platform: 'node', primary_hash: 'a'.repeat(32) },
      state: { is_new: true, is_regression: false, is_new_group_environment: true, queue: 'post_process_errors', skip_consume: false, group_states: [{ id: 12, is_new: true, is_regression: false, is_new_group_environment: true }] },
    });
    const sent = roundTrip(message);
    expect(sent.payload.data).toMatchObject({ environment: 'prod', received: NOW, title: event.description.title });
  });

  it('sends the event as stored plus the issue hash, title, culprit and location; the SDK keeps its own type, hashes and metadata', () => {
    const input = normalized(crashPayload('pay', { title: 'sent title', hashes: ['sent'], metadata: { sent: true }, location: 'sent' }));
    const expected = jsonCopy(input.data) as Record<string, unknown>;
    const event = groupNormalizedEvent(input);
    const { title, culprit, location } = event.description;
    const sent = roundTrip(eventstreamInsert(event, 12, 5, 'b'.repeat(32), { isNew: false, isRegression: false, isNewGroupEnvironment: false }));
    expect(sent.payload.data).toEqual(jsonCopy({ ...expected, primary_hash: 'b'.repeat(32), title, culprit, location }));
  });
});

describe('nodestore document', () => {
  it('is the event with grouping results in place of the fields the SDK sent', () => {
    const input = normalized(crashPayload('pay', { type: 'sent', title: 'sent title', hashes: ['sent'], metadata: { sent: true } }));
    const expected = jsonCopy(input.data) as Record<string, unknown>;
    const event = groupNormalizedEvent(input);
    const { title, culprit, location, metadata, type } = event.description;
    expect(JSON.parse(storedEventJson(event))).toEqual(jsonCopy({ ...expected, type, hashes: event.hashes, primary_hash: event.primaryHash, title, culprit, location, metadata }));
  });
});

const jsonCopy = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

const eventsSchema = new TopicSchema('events');
/** The message as a consumer decodes it (the json field serialised and parsed again). */
function roundTrip(message: Events.EventStreamInsertInput): Events.EventStreamInsert {
  return eventsSchema.type.fromBuffer(eventsSchema.writeAvro(message)) as Events.EventStreamInsert;
}
