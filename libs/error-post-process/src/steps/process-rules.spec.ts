import type { Events, JsonObject } from '@issuestream/schemas';
import { toPostProcessEvent } from '../post-process-event';
import { ProcessRules } from './process-rules';

const insert = (state: Partial<Events.EventsMessage['state']>, data: JsonObject = {}): Events.EventsMessage => ({
  version: 2,
  operation: 'insert',
  payload: {
    event_id: 'a'.repeat(32), project_id: 3, organization_id: 1, group_id: 9, group_ids: [9], message: 'm', platform: 'node',
    datetime: '2026-01-02T03:04:05.250000Z', primary_hash: 'b'.repeat(32), data, retention_days: null, occurrence_id: null, occurrence_data: {},
  },
  state: { is_new: false, is_regression: false, is_new_group_environment: false, queue: 'post_process_errors', skip_consume: false, group_states: null, ...state },
});

describe('ProcessRules.applies', () => {
  const step = new ProcessRules({ queue: () => Promise.resolve([]) });
  const applies = (message: Events.EventsMessage) => step.applies(toPostProcessEvent(message));

  it('takes errors that created or reopened their issue', () => {
    expect(applies(insert({ is_new: true }))).toBe(true);
    expect(applies(insert({ is_regression: true }))).toBe(true);
    expect(applies(insert({}))).toBe(false);
  });

  it('leaves out transactions, issue-platform events and reprocessed errors', () => {
    expect(applies(insert({ is_new: true, queue: 'post_process_transactions' }))).toBe(false);
    expect(applies({ ...insert({ is_new: true }), payload: { ...insert({}).payload, occurrence_id: 'o' } })).toBe(false);
    expect(applies(insert({ is_new: true }, { contexts: { reprocessing: { original_issue_id: 5 } } }))).toBe(false);
  });
});
