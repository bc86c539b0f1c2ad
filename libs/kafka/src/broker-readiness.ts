import { createLogger } from '@issuestream/observability';
import type { Admin } from 'kafkajs';
import type { ConnectionOptions } from './config';
import { describeError } from './errors';
import { createKafka } from './kafka-client';

const log = createLogger('kafka-readiness');

export interface ReadinessTarget {
  topics: readonly string[];
  /** A consumer group about to be joined: its coordinator must have loaded it. */
  groupId?: string;
}

export interface ReadinessOptions {
  /** How long to wait before giving up with BrokerNotReadyError. */
  timeoutMs?: number;
}

export class BrokerNotReadyError extends Error {
  readonly retriable = true;
}

const DEFAULT_TIMEOUT_MS = 120_000;
const FIRST_POLL_MS = 100;
const MAX_POLL_MS = 2_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the broker serves the topics (and group) rather than merely
 * knowing them. A topic created a moment ago, or a broker just started, has
 * partition leaders in its metadata some seconds before those leaders answer,
 * and a group coordinator that is still loading. A consumer that joins in
 * that window fails its first fetch and kafkajs rejoins the group after every
 * failure (24 generations in 3.4 s on a fresh stack); a producer
 * retries each send. So: every partition must answer a ListOffsets and the
 * coordinator a DescribeGroups.
 */
export async function waitUntilServed(connection: ConnectionOptions, target: ReadinessTarget, options: ReadinessOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // No retries inside kafkajs: this loop retries, and knows what it waits for.
  const admin = createKafka(connection).admin({ retry: { retries: 0 } });
  await admin.connect();
  try {
    const started = Date.now();
    let waiting: Pending | undefined;
    for (let poll = FIRST_POLL_MS; ; poll = Math.min(MAX_POLL_MS, poll * 2)) {
      const pending = await notYetServed(admin, target);
      if (!pending) {
        if (waiting) log.info('broker ready', { groupId: target.groupId, topics: target.topics.length, waitedMs: Date.now() - started });
        return;
      }
      if (pending.what !== waiting?.what) log.warn(`waiting for ${pending.what}`, pending.fields);
      waiting = pending;
      if (Date.now() - started >= timeoutMs) throw new BrokerNotReadyError(`still waiting after ${timeoutMs} ms for ${pending.what}: ${JSON.stringify(pending.fields)}`);
      await sleep(poll);
    }
  } finally {
    await admin.disconnect();
  }
}

interface Pending {
  what: string;
  fields: Record<string, unknown>;
}

/** What is not served yet, for the log; undefined once everything is. */
async function notYetServed(admin: Admin, { topics, groupId }: ReadinessTarget): Promise<Pending | undefined> {
  const answers = await Promise.allSettled(topics.map((topic) => admin.fetchTopicOffsets(topic)));
  const failed = answers.flatMap((answer, i) => (answer.status === 'rejected' ? [{ topic: topics[i], error: answer.reason as unknown }] : []));
  if (failed.length > 0) {
    return { what: 'topics to exist and their partition leaders to serve them', fields: { topics: failed.map((f) => f.topic), cause: describeError(failed[0]?.error) } };
  }
  if (groupId === undefined) return undefined;
  try {
    await admin.describeGroups([groupId]);
    return undefined;
  } catch (error) {
    return { what: 'the group coordinator to load the group', fields: { groupId, cause: describeError(error) } };
  }
}
