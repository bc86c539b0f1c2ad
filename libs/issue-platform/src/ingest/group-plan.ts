import { hashKey, type GroupUpdate, type NewGroup, type StoredGroup } from '@issuestream/issues-data';
import { GroupCategory, GroupStatus, GroupSubStatus, type GroupType } from '../registry';
import type { IncomingOccurrence } from './incoming';

export interface HashedOccurrence {
  occurrence: IncomingOccurrence;
  type: GroupType;
  /** MD5 hex of each fingerprint part, in fingerprint order. */
  hashes: string[];
  evidence: EvidenceJson;
}

/** evidence_data and evidence_display serialised once, for both the stored body and the search row. */
export interface EvidenceJson {
  data: string;
  display: string;
}

export const evidenceJson = (o: IncomingOccurrence): EvidenceJson => ({ data: JSON.stringify(o.evidenceData), display: JSON.stringify(o.evidenceDisplay) });

export interface GroupLocation {
  /** Occurrences whose fingerprint already has an issue. */
  existing: { item: HashedOccurrence; group: StoredGroup }[];
  /** Occurrences whose hash exists without an issue: stored, never grouped (as the reference). */
  orphaned: HashedOccurrence[];
  /** New fingerprints (project + hashed fingerprint[0]) with their occurrences in batch order. */
  fresh: Map<string, HashedOccurrence[]>;
}

/** The primary hash is the first fingerprint part, in order, that already has a hash row. */
export function locateGroups(items: readonly HashedOccurrence[], known: ReadonlyMap<string, StoredGroup | null>): GroupLocation {
  const location: GroupLocation = { existing: [], orphaned: [], fresh: new Map() };
  for (const item of items) {
    const projectId = item.occurrence.projectId;
    const primary = item.hashes.find((hash) => known.has(hashKey(projectId, hash)));
    if (primary === undefined) {
      const key = hashKey(projectId, item.hashes[0] ?? '');
      location.fresh.set(key, [...(location.fresh.get(key) ?? []), item]);
      continue;
    }
    const group = known.get(hashKey(projectId, primary));
    if (group) location.existing.push({ item, group });
    else location.orphaned.push(item);
  }
  return location;
}

const MAX_CULPRIT_LENGTH = 200;

/** Culprits longer than 200 characters keep 197 and end in "..." (the reference's limit); titles are not cut. */
export function truncateCulprit(culprit: string): string {
  return culprit.length > MAX_CULPRIT_LENGTH ? `${culprit.slice(0, MAX_CULPRIT_LENGTH - 3)}...` : culprit;
}

function searchMessage(o: IncomingOccurrence): string {
  return [o.title, o.subtitle, o.culprit].filter((part, i, all) => part !== '' && all.indexOf(part) === i).join(' ');
}

/** The evidence keys a feedback issue's metadata carries, for the inbox and for telling a linked error. */
const FEEDBACK_METADATA_KEYS = ['contact_email', 'message', 'name', 'source', 'summary', 'associated_event_id'] as const;

function feedbackMetadata(o: IncomingOccurrence, type: GroupType): Record<string, unknown> {
  if (type.category !== GroupCategory.FEEDBACK) return {};
  const picked: Record<string, unknown> = {};
  for (const key of FEEDBACK_METADATA_KEYS) {
    const value = o.evidenceData[key];
    if (value !== undefined && value !== null) picked[key] = value;
  }
  return picked;
}

function metadataOf(o: IncomingOccurrence, type: GroupType, priority: number): Record<string, unknown> {
  return { title: o.title, value: o.subtitle, initial_priority: priority, ...feedbackMetadata(o, type) };
}

/**
 * The issue a new fingerprint creates: built from the occurrence that
 * passed the gates; later occurrences of the same batch count towards it.
 */
export function newGroup(creator: HashedOccurrence, later: readonly HashedOccurrence[]): NewGroup {
  const o = creator.occurrence;
  const all = [creator, ...later];
  const last = all[all.length - 1]?.occurrence ?? o;
  const priority = o.priority ?? creator.type.defaultPriority;
  const times = all.map((i) => i.occurrence.detectionTime.getTime());
  return {
    projectId: o.projectId,
    type: creator.type.typeId,
    primaryHash: creator.hashes[0] ?? '',
    status: GroupStatus.UNRESOLVED,
    substatus: GroupSubStatus.NEW,
    timesSeen: all.length,
    firstSeen: new Date(Math.min(...times)),
    lastSeen: new Date(Math.max(...times)),
    level: last.levelNumber,
    title: o.title,
    culprit: truncateCulprit(last.culprit),
    message: searchMessage(o),
    priority: last.priority ?? priority,
    platform: typeof o.event?.['platform'] === 'string' ? o.event['platform'] : null,
    metadata: metadataOf(o, creator.type, priority),
  };
}

/**
 * Folds a batch's occurrences into one update per existing issue: counts,
 * first/last seen, and level, culprit, priority and metadata from the latest
 * occurrence. A resolved issue that is seen again regresses.
 */
export function groupUpdates(existing: GroupLocation['existing']): { updates: GroupUpdate[]; regressed: Set<number> } {
  const byGroup = new Map<number, GroupUpdate>();
  const regressed = new Set<number>();
  for (const { item, group } of existing) {
    const o = item.occurrence;
    const previous = byGroup.get(group.id);
    const wasResolved = group.status === GroupStatus.RESOLVED;
    if (wasResolved) regressed.add(group.id);
    byGroup.set(group.id, {
      id: group.id,
      addTimesSeen: (previous?.addTimesSeen ?? 0) + 1,
      firstSeen: new Date(Math.min(o.detectionTime.getTime(), (previous?.firstSeen ?? group.firstSeen).getTime())),
      lastSeen: new Date(Math.max(o.detectionTime.getTime(), (previous?.lastSeen ?? group.lastSeen).getTime())),
      level: o.levelNumber,
      culprit: truncateCulprit(o.culprit),
      priority: o.priority ?? previous?.priority ?? group.priority,
      metadata: { ...(previous?.metadata ?? {}), value: o.subtitle, ...feedbackMetadata(o, item.type) },
      status: wasResolved ? GroupStatus.UNRESOLVED : group.status,
      substatus: wasResolved ? GroupSubStatus.REGRESSED : group.substatus,
    });
  }
  return { updates: [...byGroup.values()], regressed };
}
