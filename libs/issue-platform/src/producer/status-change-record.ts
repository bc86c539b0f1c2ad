import type { IngestOccurrences, JsonObject } from '@issuestream/schemas';
import {
  GROUP_STATUS_STRINGS,
  GROUP_SUBSTATUS_STRINGS,
  GroupStatus,
  isGroupStatus,
  isProducibleStatusChange,
  PRODUCIBLE_SUBSTATUSES,
  type GroupSubStatus,
} from '../registry/status';
import { checkFingerprint, checkOptionalInteger, checkOptionalObject, checkProjectId, checkUuid, show } from './checks';
import { InvalidStatusChangeError, IssueCollector } from './errors';
import type { StatusChangeInput } from './types';
import { newUuidHex } from './uuid';

/**
 * Checks a status change and turns it into the wire record. Only the
 * combinations the consumer acts on are accepted: RESOLVED without a
 * substatus, IGNORED until escalating / until condition met / forever,
 * UNRESOLVED as escalating / ongoing / regressed.
 */
export function toStatusChangeRecord(input: StatusChangeInput, index?: number): IngestOccurrences.StatusChange {
  const issues = new IssueCollector();
  if (typeof input !== 'object' || input === null) {
    issues.add('statusChange', `must be an object, got ${show(input)}`);
    throw new InvalidStatusChangeError(issues.issues, index);
  }
  const id = input.id === undefined ? newUuidHex() : checkUuid(issues, 'id', input.id);
  const projectId = checkProjectId(issues, input.projectId);
  const fingerprint = checkFingerprint(issues, input.fingerprint);
  const substatus = input.newSubstatus ?? null;
  checkTransition(issues, input.newStatus, substatus);
  const detectorId = checkOptionalInteger(issues, 'detectorId', input.detectorId, 1);
  const activityType = checkOptionalInteger(issues, 'activityType', input.activityType, 0);
  const activityData = checkOptionalObject(issues, 'activityData', input.activityData);
  const updateDate = checkUpdateDate(issues, input.updateDate);
  if (!issues.ok) throw new InvalidStatusChangeError(issues.issues, index);
  return {
    id,
    project_id: projectId,
    fingerprint,
    new_status: input.newStatus,
    new_substatus: substatus,
    detector_id: detectorId,
    activity_data: activityData as JsonObject | null,
    update_date: updateDate,
    activity_type: activityType,
    payload_type: 'status_change',
  };
}

function describeStatus(status: number): string {
  return `${status} (${GROUP_STATUS_STRINGS[status as GroupStatus] ?? 'unknown'})`;
}

function describeSubstatus(substatus: number | null): string {
  return substatus === null ? 'null' : `${substatus} (${GROUP_SUBSTATUS_STRINGS[substatus as GroupSubStatus] ?? 'unknown'})`;
}

function checkTransition(issues: IssueCollector, status: unknown, substatus: unknown): void {
  if (!isGroupStatus(status)) {
    issues.add('newStatus', `must be a GroupStatus value, got ${show(status)}`);
    return;
  }
  const allowed = PRODUCIBLE_SUBSTATUSES.get(status);
  if (!allowed) {
    const producible = [...PRODUCIBLE_SUBSTATUSES.keys()].map(describeStatus).join(', ');
    issues.add('newStatus', `${describeStatus(status)} cannot be set by a status change; use one of ${producible}`);
    return;
  }
  if (substatus !== null && typeof substatus !== 'number') {
    issues.add('newSubstatus', `must be a GroupSubStatus value or null, got ${show(substatus)}`);
    return;
  }
  if (!isProducibleStatusChange(status, substatus)) {
    const expected = status === GroupStatus.RESOLVED ? 'takes no substatus (null)' : `takes one of ${allowed.map(describeSubstatus).join(', ')}`;
    issues.add('newSubstatus', `status ${describeStatus(status)} ${expected}, got ${describeSubstatus(substatus)}`);
  }
}

const ZONED = /(?:Z|[+-]\d{2}:?\d{2})$/i;

function checkUpdateDate(issues: IssueCollector, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  // A string without a zone would be read in the producer's local time; the consumer needs an absolute time.
  const date = value instanceof Date ? value : typeof value === 'string' && ZONED.test(value) ? new Date(value) : null;
  if (date === null || Number.isNaN(date.getTime())) {
    issues.add('updateDate', `must be a Date or an ISO 8601 string with a time zone, got ${show(value)}`);
    return null;
  }
  return date.toISOString();
}
