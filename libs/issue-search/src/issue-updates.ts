import { filterIssues, setIssuesSeen } from '@issuestream/issues-data';
import { changeIssueStatuses, GROUP_SUBSTATUS_STRINGS, GroupStatus, GroupSubStatus, type GroupStatusPair } from '@issuestream/issue-platform';
import type { Pool } from 'pg';
import { InvalidIssueRequest } from './invalid-request';
import type { Viewer } from './issue-search';

/** What a person may change on issues: status (resolve, unresolve, archive/spam) and their own seen state. */
export interface IssueUpdate {
  status?: GroupStatusPair & { name: string };
  hasSeen?: boolean;
}

const IGNORED_SUBSTATUSES: Readonly<Record<string, number>> = {
  archived_forever: GroupSubStatus.FOREVER,
  archived_until_escalating: GroupSubStatus.UNTIL_ESCALATING,
  archived_until_condition_met: GroupSubStatus.UNTIL_CONDITION_MET,
};

/**
 * The update body `{status?, substatus?, hasSeen?}`. `ignored` (the feedback
 * UI's spam) archives forever unless a substatus says otherwise, as the
 * feedback consumer's automatic spam does; `unresolved` is `ongoing`;
 * `resolved` takes no substatus. Other fields are ignored, as the reference does.
 */
export function parseIssueUpdate(body: unknown): IssueUpdate {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new InvalidIssueRequest('body', 'expected a JSON object');
  const fields = body as Record<string, unknown>;
  const update: IssueUpdate = {};
  if (fields['hasSeen'] !== undefined) {
    if (typeof fields['hasSeen'] !== 'boolean') throw new InvalidIssueRequest('hasSeen', 'must be true or false');
    update.hasSeen = fields['hasSeen'];
  }
  if (fields['status'] !== undefined) {
    const status = fields['status'];
    const substatus = fields['substatus'];
    if (substatus !== undefined && substatus !== null && (typeof substatus !== 'string' || !(substatus in IGNORED_SUBSTATUSES) || status !== 'ignored')) {
      throw new InvalidIssueRequest('substatus', `with status ignored: one of ${Object.keys(IGNORED_SUBSTATUSES).join(', ')}`);
    }
    switch (status) {
      case 'resolved':
        update.status = { name: String(status), status: GroupStatus.RESOLVED, substatus: null };
        break;
      case 'unresolved':
        update.status = { name: String(status), status: GroupStatus.UNRESOLVED, substatus: GroupSubStatus.ONGOING };
        break;
      case 'ignored':
        update.status = { name: String(status), status: GroupStatus.IGNORED, substatus: typeof substatus === 'string' ? (IGNORED_SUBSTATUSES[substatus] ?? GroupSubStatus.FOREVER) : GroupSubStatus.FOREVER };
        break;
      default:
        throw new InvalidIssueRequest('status', 'one of resolved, unresolved, ignored');
    }
  }
  if (update.status === undefined && update.hasSeen === undefined) throw new InvalidIssueRequest('body', 'nothing to change: give status and/or hasSeen');
  return update;
}

/**
 * Applies an update to the viewer's issues among `ids`: the status through
 * the issue platform's status-change path (the same checks and writes as a
 * status-change message from Kafka), the seen state for the viewer. Ids of
 * other organisations are left alone as if they did not exist. Answers the
 * reference's echo of the change, or undefined when no id is the viewer's.
 */
export async function updateIssues(pool: Pool, viewer: Viewer, ids: readonly number[], update: IssueUpdate): Promise<Record<string, unknown> | undefined> {
  const own = await filterIssues(pool, ids, { projectIds: viewer.projects.map((p) => p.id), types: [], statuses: [] });
  if (own.length === 0) return undefined;
  const ownIds = own.map((i) => i.id);
  const answer: Record<string, unknown> = {};
  if (update.status) {
    await changeIssueStatuses(pool, ownIds, update.status);
    answer['status'] = update.status.name;
    answer['statusDetails'] = {};
    answer['substatus'] = update.status.substatus === null ? null : GROUP_SUBSTATUS_STRINGS[update.status.substatus as GroupSubStatus];
  }
  if (update.hasSeen !== undefined) {
    await setIssuesSeen(pool, viewer.viewerId, ownIds, update.hasSeen);
    answer['hasSeen'] = update.hasSeen;
  }
  return answer;
}
