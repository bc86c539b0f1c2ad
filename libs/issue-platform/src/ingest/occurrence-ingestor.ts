import type { ClickHouseClient } from '@clickhouse/client';
import type { BatchContext, ConsumedMessage } from '@issuestream/kafka';
import type { IngestOccurrences, SchemaCodec } from '@issuestream/schemas';
import { withTransaction, type ProjectInfo, type TenantStore } from '@issuestream/storage';
import {
  createGroups, existingNodeIds, findGroupsByHash, hashKey, insertSearchIssues, processedOccurrences, putNodeTexts, recordOccurrences,
  updateGroups, type StoredGroup,
} from '@issuestream/issues-data';
import type { Redis } from 'ioredis';
import type { Pool, PoolClient } from 'pg';
import { featureFlagNames, type GroupType } from '../registry';
import type { GroupTypeSource } from '../shared/group-type-resolver';
import { CreationGates } from './creation-gates';
import { evidenceJson, groupUpdates, locateGroups, newGroup, type HashedOccurrence } from './group-plan';
import { eventNodeId, hashFingerprint, occurrenceNodeId } from './hashing';
import { InvalidPayload, parseIncoming, type IncomingOccurrence, type IncomingStatusChange } from './incoming';
import { ingestMetrics as metrics } from './metrics';
import { searchRow } from './search-row';
import { storedOccurrenceJson } from './stored-occurrence';
import { applyStatusChanges, type StatusChangeRequest } from './status-changes';

type Message = ConsumedMessage<IngestOccurrences.IngestOccurrencesMessage>;

export interface OccurrenceIngestorDeps {
  pool: Pool;
  redis: Redis;
  clickhouse: ClickHouseClient;
  tenants: TenantStore;
  /** Built-in and registered types (a GroupTypeResolver). */
  types: GroupTypeSource;
  codec: SchemaCodec;
  /** Where grouped occurrences are handed to post-processing. */
  postProcessTopic: string;
  now?: () => number;
}

interface Accepted {
  occurrences: { item: HashedOccurrence; project: ProjectInfo }[];
  statusChanges: IncomingStatusChange[];
  /** Enabled gating flags per organisation, for unreleased types. */
  flags: Map<number, Set<string>>;
}

interface GroupedOccurrence {
  item: HashedOccurrence;
  group: StoredGroup;
  isNew: boolean;
  isRegression: boolean;
}

/**
 * The ingest-occurrences step: validates a batch, then in ONE Postgres
 * transaction skips occurrence ids processed before (durable dedupe), stores
 * bodies and events, groups (noise and quota gates in Redis), records the
 * occurrence ids with their issues, applies status changes, writes the
 * ClickHouse rows and hands grouped occurrences to post-processing — and only
 * then commits. A failure anywhere rolls the records back, so the replayed
 * batch is processed as if for the first time.
 */
export class OccurrenceIngestor {
  private readonly gates: CreationGates;
  private readonly now: () => number;

  constructor(private readonly deps: OccurrenceIngestorDeps) {
    this.now = deps.now ?? Date.now;
    this.gates = new CreationGates(deps.redis, this.now);
  }

  async ingest(batch: readonly Message[], context: BatchContext): Promise<void> {
    const accepted = await this.accept(batch, context);
    if (accepted.occurrences.length === 0 && accepted.statusChanges.length === 0) return;
    await withTransaction(this.deps.pool, async (client) => {
      const grouped = await this.groupOccurrences(client, accepted);
      await this.applyStatusChanges(client, accepted.statusChanges);
      const now = this.now();
      await insertSearchIssues(this.deps.clickhouse, grouped.map((g) => searchRow(g.item, g.group.id, now)));
      await this.handOff(grouped, accepted, context);
    });
  }

  /** Everything that needs no transaction: parsing, tenants, types, the ingest gate, event lookups. */
  private async accept(batch: readonly Message[], context: BatchContext): Promise<Accepted> {
    const parsed: { message: Message; incoming: IncomingOccurrence | IncomingStatusChange }[] = [];
    for (const message of batch) {
      try {
        parsed.push({ message, incoming: parseIncoming(message.value) });
      } catch (error) {
        if (!(error instanceof InvalidPayload)) throw error;
        context.reject(message, error.reason, error.message);
      }
    }
    const projects = await this.deps.tenants.getProjects(parsed.map((p) => p.incoming.projectId));
    const types = await this.deps.types.resolve(parsed.flatMap(({ incoming }) => (incoming.kind === 'status_change' ? [] : [incoming.typeId])));
    const known = parsed.filter(({ message, incoming }) => {
      if (!projects.has(incoming.projectId)) {
        context.reject(message, 'unknown_project', `project_id: no project ${incoming.projectId}`);
        return false;
      }
      if (incoming.kind === 'status_change' || types.has(incoming.typeId)) return true;
      context.reject(message, 'unknown_group_type', `type: no group type ${incoming.typeId} is registered`);
      return false;
    });
    const flags = await this.gatingFlags(known.map((p) => projects.get(p.incoming.projectId)?.organizationId ?? 0), [...types.values()]);
    const occurrences: Accepted['occurrences'] = [];
    const statusChanges: IncomingStatusChange[] = [];
    for (const { incoming } of known) {
      if (incoming.kind === 'status_change') {
        statusChanges.push(incoming);
        continue;
      }
      const project = projects.get(incoming.projectId);
      const type = types.get(incoming.typeId);
      if (!project || !type) continue;
      if (!type.allowIngest(flags.get(project.organizationId) ?? [])) {
        metrics.occurrences.inc({ outcome: 'feature_disabled', group_type: type.slug });
        continue;
      }
      occurrences.push({ item: { occurrence: incoming, type, hashes: hashFingerprint(incoming.fingerprint), evidence: evidenceJson(incoming) }, project });
    }
    return { occurrences: await this.withEvents(occurrences, parsed, context), statusChanges, flags };
  }

  private async gatingFlags(organizationIds: number[], types: GroupType[]): Promise<Map<number, Set<string>>> {
    const names = types.filter((t) => !t.released).flatMap((t) => {
      const flags = featureFlagNames(t);
      return [flags.ingest, flags.postProcessGroup];
    });
    if (names.length === 0) return new Map();
    return this.deps.tenants.featuresFor(organizationIds, names);
  }

  /** Occurrences sent with only an event id need that event stored already; otherwise they are dead-lettered. */
  private async withEvents(
    occurrences: Accepted['occurrences'],
    parsed: { message: Message; incoming: IncomingOccurrence | IncomingStatusChange }[],
    context: BatchContext,
  ): Promise<Accepted['occurrences']> {
    const lookups = occurrences.filter((o) => o.item.occurrence.event === null);
    if (lookups.length === 0) return occurrences;
    const found = await existingNodeIds(this.deps.pool, lookups.map((o) => eventNodeId(o.item.occurrence.projectId, o.item.occurrence.eventId)));
    return occurrences.filter(({ item: { occurrence } }) => {
      if (occurrence.event !== null || found.has(eventNodeId(occurrence.projectId, occurrence.eventId))) return true;
      const message = parsed.find((p) => p.incoming === occurrence)?.message;
      if (message) context.reject(message, 'event_not_found', `event_id: no event ${occurrence.eventId} in project ${occurrence.projectId}`);
      return false;
    });
  }

  private async groupOccurrences(client: PoolClient, accepted: Accepted): Promise<GroupedOccurrence[]> {
    const items = await this.unprocessed(client, accepted.occurrences.map((o) => o.item));
    if (items.length === 0) return [];
    await putNodeTexts(client, items.flatMap((item) => {
      const o = item.occurrence;
      const body = { id: occurrenceNodeId(o.id, o.projectId), text: storedOccurrenceJson(item) };
      return o.event ? [body, { id: eventNodeId(o.projectId, o.eventId), text: JSON.stringify(o.event) }] : [body];
    }));
    const known = await findGroupsByHash(client, items.flatMap((i) => i.hashes.map((hash) => ({ projectId: i.occurrence.projectId, hash }))));
    const location = locateGroups(items, known);
    location.orphaned.forEach((i) => metrics.occurrences.inc({ outcome: 'no_group', group_type: i.type.slug }));
    const matching = location.existing.filter(({ item, group }) => {
      if (group.type === item.type.typeId) return true;
      metrics.occurrences.inc({ outcome: 'type_mismatch', group_type: item.type.slug });
      return false;
    });
    const created = await this.createNewGroups(client, location.fresh);
    const { updates, regressed } = groupUpdates(matching);
    await updateGroups(client, updates);
    const grouped: GroupedOccurrence[] = [
      ...created,
      ...matching.map(({ item, group }) => ({ item, group, isNew: false, isRegression: regressed.has(group.id) })),
    ];
    countByType(grouped.map((g) => g.item), (group_type, n) => metrics.occurrences.inc({ outcome: 'grouped', group_type }, n));
    await this.record(client, items, grouped);
    return grouped;
  }

  /** The batch's occurrences no earlier batch processed, each id once (a batch may carry a redelivered message twice). */
  private async unprocessed(client: PoolClient, items: readonly HashedOccurrence[]): Promise<HashedOccurrence[]> {
    const processed = await processedOccurrences(client, items.map((i) => i.occurrence.id));
    const seen = new Set<string>();
    return items.filter((item) => {
      const id = item.occurrence.id;
      const fresh = !processed.has(id) && !seen.has(id);
      seen.add(id);
      if (!fresh) metrics.occurrences.inc({ outcome: 'duplicate', group_type: item.type.slug });
      return fresh;
    });
  }

  /**
   * Marks the batch's occurrences processed (grouped ones with their issue) in the same transaction as
   * everything they caused. A concurrent delivery that recorded one first rolls this batch back; its retry
   * then finds them processed.
   */
  private async record(client: PoolClient, items: readonly HashedOccurrence[], grouped: readonly GroupedOccurrence[]): Promise<void> {
    const groupOf = new Map(grouped.map((g) => [g.item.occurrence.id, g.group.id]));
    const taken = await recordOccurrences(
      client,
      items.map(({ occurrence: o, hashes }) => ({
        id: o.id, projectId: o.projectId, type: o.typeId, fingerprintHash: hashes[0] ?? '', eventId: o.eventId, groupId: groupOf.get(o.id) ?? null,
      })),
    );
    if (taken.length > 0) throw new Error(`${taken.length} occurrence(s) were recorded by a concurrent delivery; the batch will be retried`);
  }

  private async createNewGroups(client: PoolClient, fresh: Map<string, HashedOccurrence[]>): Promise<GroupedOccurrence[]> {
    const fingerprints = [...fresh.values()];
    const decisions = await this.gates.decide(
      fingerprints.flatMap((items) => {
        const first = items[0];
        return first ? [{ projectId: first.occurrence.projectId, primaryHash: first.hashes[0] ?? '', type: first.type, occurrences: items.length }] : [];
      }),
    );
    const creators: { items: HashedOccurrence[]; creator: HashedOccurrence; later: HashedOccurrence[] }[] = [];
    fingerprints.forEach((items, i) => {
      const decision = decisions[i];
      if (!decision) return;
      items.slice(0, decision.noisy).forEach((item) => metrics.occurrences.inc({ outcome: 'noise', group_type: item.type.slug }));
      const creator = items[decision.noisy];
      if (!decision.creates || !creator) {
        if (decision.quotaDropped) items.slice(decision.noisy).forEach((item) => metrics.occurrences.inc({ outcome: 'quota', group_type: item.type.slug }));
        return;
      }
      creators.push({ items, creator, later: items.slice(decision.noisy + 1) });
    });
    const { created, lost } = await createGroups(client, creators.map((c) => newGroup(c.creator, c.later)));
    // Another transaction created one of these issues first; retrying the batch finds it and updates it instead.
    if (lost.length > 0) throw new Error(`lost the race to create ${lost.length} issue(s); the batch will be retried`);
    const byHash = new Map(created.map((g) => [hashKey(g.projectId, g.primaryHash), g]));
    const grouped = creators.flatMap(({ creator, later }) => {
      const group = byHash.get(hashKey(creator.occurrence.projectId, creator.hashes[0] ?? ''));
      if (!group) return [];
      return [creator, ...later].map((item, i) => ({ item, group, isNew: i === 0, isRegression: false }));
    });
    countByType(grouped.filter((g) => g.isNew).map((g) => g.item), (group_type, n) => metrics.groupsCreated.inc({ group_type }, n));
    return grouped;
  }

  private async applyStatusChanges(client: PoolClient, changes: readonly IncomingStatusChange[]): Promise<void> {
    if (changes.length === 0) return;
    const keys = changes.map((c) => ({ projectId: c.projectId, hash: hashFingerprint(c.fingerprint.slice(0, 1))[0] ?? '' }));
    const groups = await findGroupsByHash(client, keys);
    const requests: StatusChangeRequest[] = [];
    changes.forEach((change, i) => {
      const key = keys[i];
      const group = key ? groups.get(hashKey(key.projectId, key.hash)) : undefined;
      if (group) requests.push({ group, change: { status: change.newStatus, substatus: change.newSubstatus } });
      else metrics.statusChanges.inc({ outcome: 'group_not_found' });
    });
    await applyStatusChanges(client, requests);
  }

  /** One hand-off per affected issue (its latest occurrence), unless the type's post-processing is gated off. */
  private async handOff(grouped: readonly GroupedOccurrence[], accepted: Accepted, context: BatchContext): Promise<void> {
    const latest = new Map<number, GroupedOccurrence>();
    for (const g of grouped) {
      const previous = latest.get(g.group.id);
      latest.set(g.group.id, { ...g, isNew: g.isNew || (previous?.isNew ?? false), isRegression: g.isRegression || (previous?.isRegression ?? false) });
    }
    const orgOf = new Map(accepted.occurrences.map((o) => [o.item.occurrence.id, o.project.organizationId]));
    const seenInBatch = new Map<number, number>();
    grouped.forEach((g) => seenInBatch.set(g.group.id, (seenInBatch.get(g.group.id) ?? 0) + 1));
    const messages = [];
    for (const g of latest.values()) {
      const o = g.item.occurrence;
      if (!g.item.type.allowPostProcessGroup(accepted.flags.get(orgOf.get(o.id) ?? 0) ?? [])) {
        metrics.postProcessSkipped.inc({ group_type: g.item.type.slug });
        continue;
      }
      // A created issue's row already counts the batch; an existing one's row predates it.
      const timesSeen = g.isNew ? g.group.timesSeen : g.group.timesSeen + (seenInBatch.get(g.group.id) ?? 0);
      const value = await this.deps.codec.encode('generic-events', {
        occurrence_id: o.id,
        event_id: o.eventId,
        project_id: o.projectId,
        group_id: g.group.id,
        type_id: o.typeId,
        primary_hash: g.item.hashes[0] ?? null,
        is_new: g.isNew,
        is_regression: g.isRegression,
        group_state: { status: g.isRegression ? 0 : g.group.status, substatus: g.isRegression ? 6 : g.group.substatus, priority: g.group.priority, times_seen: timesSeen },
        received: this.now() / 1000,
      });
      messages.push({ key: String(o.projectId), value });
    }
    await context.producer.send(this.deps.postProcessTopic, messages);
  }
}

/**
 * Calls `count` once per group type with how many of `items` have it: a labelled increment looks its
 * labels up each time, and a batch of thousands rarely mixes more than a few types.
 */
function countByType(items: readonly HashedOccurrence[], count: (slug: string, n: number) => void): void {
  const bySlug = new Map<string, number>();
  for (const item of items) bySlug.set(item.type.slug, (bySlug.get(item.type.slug) ?? 0) + 1);
  bySlug.forEach((n, slug) => count(slug, n));
}
