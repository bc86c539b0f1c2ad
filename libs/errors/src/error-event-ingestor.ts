import type { ClickHouseClient } from '@clickhouse/client';
import { eventNodeId } from '@issuestream/issue-platform';
import {
  addGroupEnvironments, createGroups, eventKey, findGroupsByHash, groupEnvironmentKey, hashKey, insertErrors, linkGroupHashes,
  markErrorEventsStreamed, putNodeTexts, recordErrorEvents, storedErrorEvents, updateGroups, type StoredErrorEvent, type StoredGroup,
} from '@issuestream/issues-data';
import type { BatchContext, ConsumedMessage, OutgoingMessage } from '@issuestream/kafka';
import type { SchemaCodec } from '@issuestream/schemas';
import { withTransaction, type ProjectInfo, type TenantStore } from '@issuestream/storage';
import type { Pool, PoolClient } from 'pg';
import { errorGroupUpdates, locateErrorGroups, newErrorGroup } from './error-group-plan';
import { errorRow } from './error-row';
import { eventstreamHeaders, eventstreamInsert, type EventFlags } from './eventstream';
import { groupNormalizedEvent, storedEventJson, type GroupedEvent } from './grouped-event';
import { errorMetrics as metrics } from './metrics';
import { normalizeEvent, normalizeId, type EventMessage } from './normalize-event';
import { errorOutcome, Outcome } from './outcomes';

export interface ErrorEventIngestorDeps {
  pool: Pool;
  clickhouse: ClickHouseClient;
  tenants: TenantStore;
  codec: SchemaCodec;
  eventsTopic: string;
  outcomesTopic: string;
  now?: () => number;
}

/** An event this batch stored, or one an earlier delivery stored without getting its eventstream message out. */
interface ToStream {
  item: GroupedEvent;
  groupId: number;
  primaryHash: string;
  flags: EventFlags;
  organizationId: number;
}

/**
 * Hashes of the batch's events that have no row yet, each once, pointed at
 * the event's issue. Hashes the lookup found stay as they are, whichever
 * issue owns them.
 */
function unlinkedHashes(assigned: readonly { item: GroupedEvent; group: StoredGroup }[], known: ReadonlyMap<string, StoredGroup | null>) {
  const links = new Map<string, { projectId: number; hash: string; groupId: number }>();
  for (const { item, group } of assigned) {
    for (const hash of item.hashes) {
      const key = hashKey(group.projectId, hash);
      if (hash !== group.primaryHash && !known.has(key) && !links.has(key)) links.set(key, { projectId: group.projectId, hash, groupId: group.id });
    }
  }
  return [...links.values()];
}

const hashKeysOf = (items: readonly GroupedEvent[]) => items.flatMap((g) => g.hashes.map((hash) => ({ projectId: g.event.projectId, hash })));

/**
 * The ingest-events step. Outside any transaction: normalize, reject what
 * Relay would reject (outcome INVALID), group. Then ONE Postgres transaction
 * per batch: skip event ids stored before (durable dedupe), look every hash
 * up at once, create and update issues, link hashes and environments, store
 * the events in nodestore and the dedupe rows, write the `errors` rows, and
 * commit. Only then the eventstream messages and ACCEPTED outcomes go out,
 * and their rows are marked streamed; a crash in between is repaired by the
 * redelivery, which finds the rows stored but not streamed and sends again.
 */
export class ErrorEventIngestor {
  private readonly now: () => number;

  constructor(private readonly deps: ErrorEventIngestorDeps) {
    this.now = deps.now ?? Date.now;
  }

  async ingest(batch: readonly ConsumedMessage<EventMessage>[], context: BatchContext): Promise<void> {
    const outcomes: OutgoingMessage[] = [];
    const grouped = await this.accept(batch, context, outcomes);
    const toStream = grouped.length === 0 ? [] : await withTransaction(this.deps.pool, (client) => this.store(client, grouped));
    await this.stream(toStream, outcomes, context);
  }

  /**
   * Normalizes and groups each event in one pass, so that its parsed document
   * dies before the next event is read: a batch that normalized every event
   * first held all their documents at once, and the scavenges during the
   * batch copied and promoted them.
   */
  private async accept(batch: readonly ConsumedMessage<EventMessage>[], context: BatchContext, outcomes: OutgoingMessage[]) {
    const projects = await this.deps.tenants.getProjects(batch.map((message) => message.value.project_id));
    const grouped: { item: GroupedEvent; project: ProjectInfo }[] = [];
    for (const message of batch) {
      const result = normalizeEvent(message.value);
      if (!result.ok) {
        metrics.events.inc({ outcome: 'invalid' });
        outcomes.push(await this.outcome({ outcome: Outcome.INVALID, reason: result.reason, projectId: message.value.project_id, orgId: null, eventId: normalizeId(message.value.event_id) ?? null }));
        continue;
      }
      const project = projects.get(result.event.projectId);
      if (!project) context.reject(message, 'unknown_project', `project_id: no project ${result.event.projectId}`);
      else grouped.push({ item: groupNormalizedEvent(result.event), project });
    }
    return grouped;
  }

  private async store(client: PoolClient, accepted: readonly { item: GroupedEvent; project: ProjectInfo }[]): Promise<ToStream[]> {
    const orgOf = new Map(accepted.map((a) => [a.item.event.projectId, a.project.organizationId]));
    const stored = await storedErrorEvents(client, accepted.map((a) => a.item.event));
    const { fresh, resend } = this.dedupe(accepted.map((a) => a.item), stored);
    const streamAgain = resend.map(({ item, record }) => ({
      item, groupId: record.groupId, primaryHash: record.primaryHash, organizationId: orgOf.get(record.projectId) ?? 0,
      flags: { isNew: record.isNew, isRegression: record.isRegression, isNewGroupEnvironment: record.isNewGroupEnvironment },
    }));
    if (fresh.length === 0) return streamAgain;

    // Written before the hash rows are locked: the largest write of the batch then does not hold up
    // concurrent batches (other partitions) that wait for the same issues.
    await putNodeTexts(client, fresh.map((item) => ({ id: eventNodeId(item.event.projectId, item.event.eventId), text: storedEventJson(item) })));
    const known = await findGroupsByHash(client, hashKeysOf(fresh));
    const location = locateErrorGroups(fresh, known);
    const { created, lost } = await this.createGroups(client, location.fresh);
    const late = await this.findWinners(client, lost, known);
    const existing = [...location.existing, ...late.existing];
    [...location.mismatched, ...late.mismatched].forEach(() => metrics.events.inc({ outcome: 'type_mismatch' }));
    const { updates, regressions } = errorGroupUpdates(existing);
    await updateGroups(client, updates);
    regressions.forEach(() => metrics.regressions.inc());

    const assigned = [
      ...created,
      ...existing.map(({ item, group }) => ({ item, group, isNew: false, isRegression: regressions.get(group.id) === item })),
    ];
    await linkGroupHashes(client, unlinkedHashes(assigned, known));
    const newEnvironments = await this.addEnvironments(client, assigned);
    const result: ToStream[] = assigned.map(({ item, group, isNew, isRegression }) => ({
      item, groupId: group.id, primaryHash: group.primaryHash, organizationId: orgOf.get(group.projectId) ?? 0,
      flags: { isNew, isRegression, isNewGroupEnvironment: newEnvironments.get(groupEnvironmentKey(group.id, item.event.environment)) === item },
    }));
    const taken = await recordErrorEvents(client, result.map(({ item, groupId, primaryHash, flags }) => ({
      projectId: item.event.projectId, eventId: item.event.eventId, groupId, primaryHash, ...flags,
      occurredAt: new Date(item.event.timestamp * 1000), environment: item.event.environment,
    })));
    if (taken.length > 0) throw new Error(`${taken.length} event(s) were stored by a concurrent delivery; the batch will be retried`);
    await insertErrors(this.deps.clickhouse, result.map(({ item, groupId, primaryHash }) => errorRow(item, groupId, primaryHash)));
    return [...streamAgain, ...result];
  }

  /** Each event id once: new ones to store, stored-but-unstreamed ones to send again, the rest counted as duplicates. */
  private dedupe(items: readonly GroupedEvent[], stored: ReadonlyMap<string, StoredErrorEvent>) {
    const seen = new Set<string>();
    const fresh: GroupedEvent[] = [];
    const resend: { item: GroupedEvent; record: StoredErrorEvent }[] = [];
    for (const item of items) {
      const key = eventKey(item.event.projectId, item.event.eventId);
      const record = stored.get(key);
      if (seen.has(key) || (record && record.streamed)) metrics.events.inc({ outcome: 'duplicate' });
      else if (record) resend.push({ item, record });
      else fresh.push(item);
      seen.add(key);
    }
    return { fresh, resend };
  }

  /** New issues for the batch's unknown hashes; `lost` are the events whose issue a concurrent batch created first. */
  private async createGroups(client: PoolClient, fresh: ReadonlyMap<string, GroupedEvent[]>) {
    const batches = [...fresh.values()];
    const { created } = await createGroups(client, batches.map(newErrorGroup));
    const byHash = new Map<string, StoredGroup>(created.map((g) => [hashKey(g.projectId, g.primaryHash), g]));
    metrics.groupsCreated.inc(created.length);
    const lost: GroupedEvent[] = [];
    const assigned = batches.flatMap((items) => {
      const first = items[0];
      const group = first && byHash.get(hashKey(first.event.projectId, first.primaryHash));
      if (!group) lost.push(...items);
      return group ? items.map((item, i) => ({ item, group, isNew: i === 0, isRegression: false })) : [];
    });
    return { created: assigned, lost };
  }

  /**
   * The issues of events whose new issue another transaction created first:
   * that transaction has committed (the insert waited for it), so a fresh
   * lookup finds them and the events update them, as if the batch had
   * started after it. Retrying the whole batch would redo all of it for a
   * few events.
   */
  private async findWinners(client: PoolClient, lost: readonly GroupedEvent[], known: Map<string, StoredGroup | null>) {
    if (lost.length === 0) return { existing: [], mismatched: [] };
    for (const [key, group] of await findGroupsByHash(client, hashKeysOf(lost))) known.set(key, group);
    const location = locateErrorGroups(lost, known);
    if (location.fresh.size > 0) throw new Error(`${location.fresh.size} issue(s) could be neither created nor found; the batch will be retried`);
    return location;
  }

  /** Environments per issue; the first event of a (group, environment) pair that did not exist before gets the flag. */
  private async addEnvironments(client: PoolClient, assigned: readonly { item: GroupedEvent; group: StoredGroup }[]) {
    const firstOfPair = new Map<string, GroupedEvent>();
    for (const { item, group } of assigned) {
      const key = groupEnvironmentKey(group.id, item.event.environment);
      if (!firstOfPair.has(key)) firstOfPair.set(key, item);
    }
    const added = await addGroupEnvironments(client, [...firstOfPair].map(([key, item]) => ({
      groupId: Number(key.slice(0, key.indexOf(':'))), environment: item.event.environment, firstSeen: new Date(item.event.timestamp * 1000),
    })));
    return new Map([...firstOfPair].filter(([key]) => added.has(key)));
  }

  /** Eventstream inserts keyed by project (so one issue's events stay in order), outcomes, then the streamed marks. */
  private async stream(toStream: readonly ToStream[], outcomes: OutgoingMessage[], context: BatchContext): Promise<void> {
    const inserts: OutgoingMessage[] = [];
    for (const s of toStream) {
      const value = await this.deps.codec.encode('events', eventstreamInsert(s.item, s.groupId, s.organizationId, s.primaryHash, s.flags));
      inserts.push({ key: String(s.item.event.projectId), value, headers: eventstreamHeaders(s.item.event.received) });
      outcomes.push(await this.outcome({ outcome: Outcome.ACCEPTED, reason: null, projectId: s.item.event.projectId, orgId: s.organizationId, eventId: s.item.event.eventId }));
    }
    await Promise.all([context.producer.send(this.deps.eventsTopic, inserts), context.producer.send(this.deps.outcomesTopic, outcomes)]);
    await markErrorEventsStreamed(this.deps.pool, toStream.map((s) => s.item.event));
    metrics.events.inc({ outcome: 'accepted' }, toStream.length);
  }

  private async outcome(fields: Omit<Parameters<typeof errorOutcome>[0], 'at'>): Promise<OutgoingMessage> {
    const value = await this.deps.codec.encode('outcomes', errorOutcome({ ...fields, at: new Date(this.now()) }));
    return { key: fields.eventId, value };
  }
}
