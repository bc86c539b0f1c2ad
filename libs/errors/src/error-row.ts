import type { ErrorRow } from '@issuestream/issues-data';
import type { GroupedEvent } from './grouped-event';
import { tagObject } from './normalize-tags';

/** The `errors` row of a stored event (ClickHouse, searchable). */
export function errorRow(g: GroupedEvent, groupId: number, primaryHash: string): ErrorRow {
  const e = g.event;
  return {
    project_id: e.projectId, event_id: e.eventId, group_id: groupId,
    timestamp: Math.round(e.timestamp * 1000), received: Math.round(e.received * 1000),
    platform: e.platform, environment: e.environment, release: e.release, dist: e.dist, level: e.level,
    title: g.description.title, culprit: g.description.culprit, message: g.searchMessage, primary_hash: primaryHash,
    exception_types: g.exceptionTypes, exception_values: g.exceptionValues, tags: tagObject(e.tags),
    user_id: e.user.id, user_email: e.user.email, user_name: e.user.username, ip_address: e.user.ipAddress,
    trace_id: e.traceId, replay_id: e.replayId, sdk_name: e.sdk.name, sdk_version: e.sdk.version,
  };
}
