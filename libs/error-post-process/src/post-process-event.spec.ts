import type { Events, JsonObject } from '@issuestream/schemas';
import { isPostProcessable, toPostProcessEvent } from './post-process-event';

const message = (data: JsonObject, state: Partial<Events.EventsMessage['state']> = {}, payload: Partial<Events.EventsMessage['payload']> = {}): Events.EventsMessage => ({
  version: 2,
  operation: 'insert',
  payload: {
    event_id: 'A'.repeat(32), project_id: 3, organization_id: 1, group_id: 9, group_ids: [9], message: '', platform: 'node',
    datetime: '2026-01-02T03:04:05.250000Z', primary_hash: 'b'.repeat(32), data, retention_days: null, occurrence_id: null, occurrence_data: {},
    ...payload,
  },
  state: { is_new: false, is_regression: false, is_new_group_environment: false, queue: 'post_process_errors', skip_consume: false, group_states: null, ...state },
});

const replay = '6f1c2d3e-4a5b-4c6d-8e7f-901234567890';

describe('toPostProcessEvent', () => {
  it('takes the replay id from contexts.replay first, then the replayId tag, as 32 hex digits; an id that is not a UUID is none', () => {
    expect(toPostProcessEvent(message({ contexts: { replay: { replay_id: replay } }, tags: [['replayId', 'c'.repeat(32)]] })).replayId).toBe(replay.replace(/-/g, ''));
    expect(toPostProcessEvent(message({ tags: [['replayId', replay.toUpperCase()]] })).replayId).toBe(replay.replace(/-/g, ''));
    expect(toPostProcessEvent(message({ tags: { replayId: replay } })).replayId).toBe(replay.replace(/-/g, ''));
    expect(toPostProcessEvent(message({ contexts: { replay: { replay_id: 'nope' } }, tags: [['replayId', replay]] })).replayId).toBeNull();
    expect(toPostProcessEvent(message({ contexts: { replay: { replay_id: 42 } } })).replayId).toBeNull();
  });

  it('keeps the replay context only when it names a valid replay, and the trace context only with a trace id', () => {
    const event = toPostProcessEvent(message({ contexts: { replay: { replay_id: replay }, trace: { span_id: 'x' } } }));
    expect(event.replayContext).toEqual({ replay_id: replay });
    expect(event.traceContext).toBeNull();
  });

  it('reads kind, reprocessing, flags, level, environment and time', () => {
    const error = toPostProcessEvent(message({ level: 'fatal', environment: 'prod', contexts: { flags: { values: [{ flag: 'a', result: true }] }, reprocessing: { original_issue_id: 4 } } }));
    expect(error).toMatchObject({ kind: 'error', isReprocessed: true, hasFlags: true, level: 'fatal', environment: 'prod', eventId: 'a'.repeat(32), timestamp: 1767323045.25 });
    expect(toPostProcessEvent(message({ contexts: { flags: { values: [] } } })).hasFlags).toBe(false);
    expect(toPostProcessEvent(message({})).environment).toBe('');
    expect(toPostProcessEvent(message({ type: 'transaction' })).kind).toBe('transaction');
    expect(toPostProcessEvent(message({}, { queue: 'post_process_transactions' })).kind).toBe('transaction');
    expect(toPostProcessEvent(message({}, { queue: 'post_process_issue_platform' })).kind).toBe('other');
    expect(toPostProcessEvent(message({}, {}, { occurrence_id: 'o' })).kind).toBe('other');
  });

  it('reads the grouping state and the issue title (data.title, else the search message)', () => {
    expect(toPostProcessEvent(message({ title: 'TypeError: x' }, { is_new: true }, { message: 'search text' }))).toMatchObject({ isNew: true, isRegression: false, title: 'TypeError: x' });
    expect(toPostProcessEvent(message({}, { is_regression: true }, { message: 'search text' }))).toMatchObject({ isNew: false, isRegression: true, title: 'search text' });
  });

  it('skips what is not an insert to consume', () => {
    expect(isPostProcessable(message({}))).toBe(true);
    expect(isPostProcessable(message({}, { skip_consume: true }))).toBe(false);
    expect(isPostProcessable({ ...message({}), operation: 'start_delete_groups' })).toBe(false);
  });
});
