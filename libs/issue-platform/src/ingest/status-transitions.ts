import { GroupStatus, GroupSubStatus } from '../registry';

export interface GroupStatusPair {
  status: number;
  substatus: number | null;
}

export type StatusDecision = { apply: GroupStatusPair } | { ignored: string };

const IGNORED_SUBSTATUSES: readonly number[] = [GroupSubStatus.UNTIL_ESCALATING, GroupSubStatus.UNTIL_CONDITION_MET, GroupSubStatus.FOREVER];
const UNRESOLVED_SUBSTATUSES: readonly number[] = [GroupSubStatus.ESCALATING, GroupSubStatus.ONGOING, GroupSubStatus.REGRESSED];

/**
 * Which status changes a producer may send, as the reference's status-change
 * consumer decides them. Refusals carry the reference's log reason; none of
 * them is an error (the reference throws for statuses 3–6 and then drops the
 * message, which is the same outcome).
 */
export function decideStatusChange(current: GroupStatusPair, change: GroupStatusPair): StatusDecision {
  const { status, substatus } = change;
  if (current.status === status && current.substatus === substatus) return { ignored: 'no_change' };
  const needsSubstatus = status === GroupStatus.UNRESOLVED || status === GroupStatus.IGNORED;
  if (needsSubstatus && substatus === null) return { ignored: 'missing_substatus' };
  if (!needsSubstatus && substatus !== null) return { ignored: 'unexpected_substatus' };
  switch (status) {
    case GroupStatus.RESOLVED:
      return { apply: { status, substatus: null } };
    case GroupStatus.IGNORED:
      return substatus !== null && IGNORED_SUBSTATUSES.includes(substatus) ? { apply: { status, substatus } } : { ignored: 'invalid_substatus' };
    case GroupStatus.UNRESOLVED:
      return substatus !== null && UNRESOLVED_SUBSTATUSES.includes(substatus) ? { apply: { status, substatus } } : { ignored: 'invalid_substatus' };
    default:
      return { ignored: 'unsupported_status' };
  }
}
