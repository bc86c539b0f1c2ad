/** Status of an issue (Group.status). */
export const GroupStatus = {
  UNRESOLVED: 0,
  RESOLVED: 1,
  /** Also called "muted" / "archived". */
  IGNORED: 2,
  PENDING_DELETION: 3,
  DELETION_IN_PROGRESS: 4,
  PENDING_MERGE: 5,
  REPROCESSING: 6,
} as const;

export type GroupStatusName = keyof typeof GroupStatus;
export type GroupStatus = (typeof GroupStatus)[GroupStatusName];

/** Lower-case string names of the statuses (`unresolved`, `resolved`, `ignored`, …). */
export const GROUP_STATUS_STRINGS: Readonly<Record<GroupStatus, string>> = Object.freeze({
  [GroupStatus.UNRESOLVED]: 'unresolved',
  [GroupStatus.RESOLVED]: 'resolved',
  [GroupStatus.IGNORED]: 'ignored',
  [GroupStatus.PENDING_DELETION]: 'pending_deletion',
  [GroupStatus.DELETION_IN_PROGRESS]: 'deletion_in_progress',
  [GroupStatus.PENDING_MERGE]: 'pending_merge',
  [GroupStatus.REPROCESSING]: 'reprocessing',
});

/**
 * Refines a status. IGNORED uses 1, 4, 5; UNRESOLVED uses 2, 3, 6, 7;
 * RESOLVED has none (null).
 */
export const GroupSubStatus = {
  UNTIL_ESCALATING: 1,
  ESCALATING: 2,
  ONGOING: 3,
  UNTIL_CONDITION_MET: 4,
  FOREVER: 5,
  REGRESSED: 6,
  NEW: 7,
} as const;

export type GroupSubStatusName = keyof typeof GroupSubStatus;
export type GroupSubStatus = (typeof GroupSubStatus)[GroupSubStatusName];

/** The string names the API uses for substatuses. */
export const GROUP_SUBSTATUS_STRINGS: Readonly<Record<GroupSubStatus, string>> = Object.freeze({
  [GroupSubStatus.UNTIL_ESCALATING]: 'archived_until_escalating',
  [GroupSubStatus.ESCALATING]: 'escalating',
  [GroupSubStatus.ONGOING]: 'ongoing',
  [GroupSubStatus.UNTIL_CONDITION_MET]: 'archived_until_condition_met',
  [GroupSubStatus.FOREVER]: 'archived_forever',
  [GroupSubStatus.REGRESSED]: 'regressed',
  [GroupSubStatus.NEW]: 'new',
});

export function isGroupStatus(value: unknown): value is GroupStatus {
  return typeof value === 'number' && Object.prototype.hasOwnProperty.call(GROUP_STATUS_STRINGS, value);
}

export function isGroupSubStatus(value: unknown): value is GroupSubStatus {
  return typeof value === 'number' && Object.prototype.hasOwnProperty.call(GROUP_SUBSTATUS_STRINGS, value);
}

export function groupStatusToString(value: number): string | undefined {
  return isGroupStatus(value) ? GROUP_STATUS_STRINGS[value] : undefined;
}

export function groupSubStatusToString(value: number): string | undefined {
  return isGroupSubStatus(value) ? GROUP_SUBSTATUS_STRINGS[value] : undefined;
}

/** Parses a substatus string name (`escalating`, `archived_forever`, …); undefined when unknown. */
export function parseGroupSubStatus(text: string): GroupSubStatus | undefined {
  const entry = Object.entries(GROUP_SUBSTATUS_STRINGS).find(([, name]) => name === text);
  return entry ? (Number(entry[0]) as GroupSubStatus) : undefined;
}

/**
 * The (status, substatus) pairs a producer may send in a status change. The
 * consumer acts on exactly these and ignores or drops everything else: NEW is
 * only ever set when an issue is created, statuses 3–6 are not supported.
 */
export const PRODUCIBLE_SUBSTATUSES: ReadonlyMap<GroupStatus, readonly (GroupSubStatus | null)[]> = new Map<GroupStatus, readonly (GroupSubStatus | null)[]>([
  [GroupStatus.RESOLVED, [null]],
  [GroupStatus.IGNORED, [GroupSubStatus.UNTIL_ESCALATING, GroupSubStatus.UNTIL_CONDITION_MET, GroupSubStatus.FOREVER]],
  [GroupStatus.UNRESOLVED, [GroupSubStatus.ESCALATING, GroupSubStatus.ONGOING, GroupSubStatus.REGRESSED]],
]);

export function isProducibleStatusChange(status: number, substatus: number | null): boolean {
  const allowed = PRODUCIBLE_SUBSTATUSES.get(status as GroupStatus);
  return allowed !== undefined && (allowed as readonly (number | null)[]).includes(substatus);
}
