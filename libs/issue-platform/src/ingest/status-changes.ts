import { lockGroupsById, setGroupStatuses } from '@issuestream/issues-data';
import { withTransaction } from '@issuestream/storage';
import type { Pool, PoolClient } from 'pg';
import { ingestMetrics as metrics } from './metrics';
import { decideStatusChange, type GroupStatusPair } from './status-transitions';

export interface StatusChangeRequest {
  group: { id: number } & GroupStatusPair;
  change: GroupStatusPair;
}

/** `applied`, or the reason the change was refused (the reference's log reason, e.g. `no_change`). */
export type StatusChangeOutcome = 'applied' | string;

/**
 * The one place a status change is applied, whether it came from Kafka
 * (status-change messages) or from a person (the api's issue update): each
 * change is checked against the group's status at that point (earlier changes
 * of the same call included) and the accepted ones are written in one
 * statement, in the caller's transaction.
 */
export async function applyStatusChanges(client: PoolClient, requests: readonly StatusChangeRequest[]): Promise<StatusChangeOutcome[]> {
  const state = new Map<number, GroupStatusPair>();
  const outcomes = requests.map(({ group, change }) => {
    const current = state.get(group.id) ?? { status: group.status, substatus: group.substatus };
    const decision = decideStatusChange(current, change);
    if ('ignored' in decision) {
      metrics.statusChanges.inc({ outcome: decision.ignored });
      return decision.ignored;
    }
    state.set(group.id, decision.apply);
    metrics.statusChanges.inc({ outcome: 'applied' });
    return 'applied';
  });
  await setGroupStatuses(client, [...state].map(([id, s]) => ({ id, ...s })));
  return outcomes;
}

/** Status changes of issues by id (one transaction, the groups locked): the outcome per id; a missing id is `group_not_found`. */
export async function changeIssueStatuses(pool: Pool, groupIds: readonly number[], change: GroupStatusPair): Promise<Map<number, StatusChangeOutcome>> {
  return withTransaction(pool, async (client) => {
    const groups = await lockGroupsById(client, groupIds);
    const outcomes = await applyStatusChanges(client, groups.map((group) => ({ group, change })));
    const byId = new Map<number, StatusChangeOutcome>(groupIds.map((id) => [id, 'group_not_found']));
    groups.forEach((g, i) => byId.set(g.id, outcomes[i] ?? 'group_not_found'));
    return byId;
  });
}
