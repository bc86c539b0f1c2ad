import { serializedJson, type Events } from '@issuestream/schemas';
import { extendJson, type GroupedEvent } from './grouped-event';

export interface EventFlags {
  isNew: boolean;
  isRegression: boolean;
  isNewGroupEnvironment: boolean;
}

/** `2023-02-27T15:40:12.223000Z`: the eventstream's datetime, with microseconds. */
export function eventstreamDatetime(seconds: number): string {
  const iso = new Date(Math.floor(seconds * 1000)).toISOString();
  const micros = Math.floor((seconds * 1e6) % 1e6).toString().padStart(6, '0');
  return `${iso.slice(0, 19)}.${micros}Z`;
}

/** The `[2, "insert", event, state]` message for one stored error event, as post-processing reads it. */
export function eventstreamInsert(g: GroupedEvent, groupId: number, organizationId: number, primaryHash: string, flags: EventFlags): Events.EventStreamInsertInput {
  const { title, culprit, location } = g.description;
  const flagFields = { is_new: flags.isNew, is_regression: flags.isRegression, is_new_group_environment: flags.isNewGroupEnvironment };
  return {
    version: 2,
    operation: 'insert',
    payload: {
      event_id: g.event.eventId,
      project_id: g.event.projectId,
      organization_id: organizationId,
      group_id: groupId,
      group_ids: [groupId],
      message: g.searchMessage,
      platform: g.event.platform,
      datetime: eventstreamDatetime(g.event.timestamp),
      primary_hash: primaryHash,
      data: serializedJson(extendJson(g.baseJson, { ...g.ownFields, primary_hash: primaryHash, title, culprit, location })),
      occurrence_data: {},
    },
    state: { ...flagFields, queue: 'post_process_errors', skip_consume: false, group_states: [{ id: groupId, ...flagFields }] },
  };
}

/** The reference's insert headers, so consumers can route without decoding the body. */
export function eventstreamHeaders(receivedSeconds: number): Record<string, string> {
  return { 'Received-Timestamp': String(receivedSeconds), queue: 'post_process_errors', operation: 'insert', version: '2' };
}
