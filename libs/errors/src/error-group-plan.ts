import { GroupStatus, GroupSubStatus } from '@issuestream/issue-platform';
import { hashKey, type GroupUpdate, type NewGroup, type StoredGroup } from '@issuestream/issues-data';
import { initialPriority, type GroupedEvent } from './grouped-event';

/** Group type of errors on the shared groups table. */
export const ERROR_GROUP_TYPE = 1;

export interface ErrorGroupLocation {
  existing: { item: GroupedEvent; group: StoredGroup }[];
  /** The hash belongs to an issue of another type: the reference does not save such an event. */
  mismatched: GroupedEvent[];
  /** Events whose hashes have no issue yet, by project + primary hash, in batch order. */
  fresh: Map<string, GroupedEvent[]>;
}

/** The first of an event's hashes that already points at an issue picks it (as the reference's grouphash lookup). */
export function locateErrorGroups(items: readonly GroupedEvent[], known: ReadonlyMap<string, StoredGroup | null>): ErrorGroupLocation {
  const location: ErrorGroupLocation = { existing: [], mismatched: [], fresh: new Map() };
  for (const item of items) {
    const projectId = item.event.projectId;
    const group = item.hashes.map((hash) => known.get(hashKey(projectId, hash))).find((g): g is StoredGroup => g !== null && g !== undefined);
    if (group && group.type !== ERROR_GROUP_TYPE) location.mismatched.push(item);
    else if (group) location.existing.push({ item, group });
    else {
      const key = hashKey(projectId, item.primaryHash);
      location.fresh.set(key, [...(location.fresh.get(key) ?? []), item]);
    }
  }
  return location;
}

const eventDate = (g: GroupedEvent) => new Date(g.event.timestamp * 1000);

function groupMetadata(g: GroupedEvent, priority: number): Record<string, unknown> {
  // The reference's metadata (exception type and value, crash file and function) plus title and location from its group data.
  const { title, location, metadata } = g.description;
  return { ...metadata, title, location, sdk: g.event.sdk, initial_priority: priority };
}

const PLACEHOLDER_TITLE = '<unlabeled event>';

/** An update's metadata: a placeholder title never replaces the real one (the update is merged into the stored metadata). */
function updateMetadata(g: GroupedEvent, priority: number): Record<string, unknown> {
  const metadata = groupMetadata(g, priority);
  if (metadata['title'] === PLACEHOLDER_TITLE) delete metadata['title'];
  return metadata;
}

/** The issue a new hash creates: the first event's title and metadata, the latest event's level and culprit. */
export function newErrorGroup(items: readonly GroupedEvent[]): NewGroup {
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last) throw new Error('a new issue needs at least one event');
  const times = items.map((i) => i.event.timestamp * 1000);
  const priority = initialPriority(first.event.level);
  return {
    projectId: first.event.projectId,
    type: ERROR_GROUP_TYPE,
    primaryHash: first.primaryHash,
    status: GroupStatus.UNRESOLVED,
    substatus: GroupSubStatus.NEW,
    timesSeen: items.length,
    firstSeen: new Date(Math.min(...times)),
    lastSeen: new Date(Math.max(...times)),
    level: last.levelNumber,
    title: first.description.title,
    culprit: last.description.culprit,
    message: first.searchMessage,
    priority,
    platform: first.event.platform,
    metadata: groupMetadata(first, priority),
  };
}

/**
 * One update per existing issue for a batch: counts, first/last seen,
 * level, culprit and metadata from its latest event. A resolved issue seen
 * again becomes unresolved/regressed; `regressions` names the event that
 * regressed it (the first of the batch for that issue).
 */
export function errorGroupUpdates(existing: ErrorGroupLocation['existing']): { updates: GroupUpdate[]; regressions: Map<number, GroupedEvent> } {
  const byGroup = new Map<number, { update: Omit<GroupUpdate, 'metadata'>; group: StoredGroup; latest: GroupedEvent }>();
  const regressions = new Map<number, GroupedEvent>();
  for (const { item, group } of existing) {
    const previous = byGroup.get(group.id);
    const regressed = group.status === GroupStatus.RESOLVED;
    if (regressed && !regressions.has(group.id)) regressions.set(group.id, item);
    const at = eventDate(item);
    const latest = !previous || at >= previous.update.lastSeen ? item : previous.latest;
    byGroup.set(group.id, {
      group,
      latest,
      update: {
        id: group.id,
        addTimesSeen: (previous?.update.addTimesSeen ?? 0) + 1,
        firstSeen: new Date(Math.min(at.getTime(), (previous?.update.firstSeen ?? group.firstSeen).getTime())),
        lastSeen: new Date(Math.max(at.getTime(), (previous?.update.lastSeen ?? group.lastSeen).getTime())),
        level: latest.levelNumber,
        culprit: latest.description.culprit,
        priority: group.priority,
        status: regressed ? GroupStatus.UNRESOLVED : group.status,
        substatus: regressed ? GroupSubStatus.REGRESSED : group.substatus,
      },
    });
  }
  // The metadata is built once per issue, from its latest event, not for every event of the batch.
  const updates = [...byGroup.values()].map(({ update, group, latest }) => ({
    ...update,
    metadata: updateMetadata(latest, Number(group.metadata['initial_priority'] ?? group.priority ?? 0)),
  }));
  return { updates, regressions };
}
