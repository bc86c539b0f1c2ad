import { waitUntilServed } from '../broker-readiness';
import type { ConnectionOptions } from '../config';
import { createKafka } from '../kafka-client';
import type { TopicSpec } from './manifest';

export interface ProvisionReport {
  created: string[];
  grown: string[];
  unchanged: string[];
}

const ATTEMPTS = 8;
const MAX_BACKOFF_MS = 2000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const isRetriable = (error: unknown) => (error as { retriable?: unknown } | null)?.retriable === true;

/**
 * Applies a topic manifest idempotently: creates missing topics, adds
 * partitions where the manifest asks for more, and never deletes or shrinks
 * anything (that would lose data or reorder keys). Apps starting together
 * provision overlapping manifests, and a topic another client has just created
 * can be briefly unknown to the broker's metadata; such retriable errors are
 * retried, which is safe because every step is idempotent. Callers produce or
 * consume right after, so it returns only once every partition is served.
 */
export async function provisionTopics(options: ConnectionOptions, specs: readonly TopicSpec[]): Promise<ProvisionReport> {
  const report = await provisionWithRetries(options, specs);
  await waitUntilServed(options, { topics: specs.map((spec) => spec.name) });
  return report;
}

async function provisionWithRetries(options: ConnectionOptions, specs: readonly TopicSpec[]): Promise<ProvisionReport> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await provisionOnce(options, specs);
    } catch (error) {
      if (attempt >= ATTEMPTS || !isRetriable(error)) throw error;
      await sleep(Math.min(MAX_BACKOFF_MS, 50 * 2 ** attempt) * (0.5 + Math.random()));
    }
  }
}

async function provisionOnce(options: ConnectionOptions, specs: readonly TopicSpec[]): Promise<ProvisionReport> {
  const admin = createKafka(options).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((spec) => !existing.has(spec.name));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((spec) => ({
          topic: spec.name,
          numPartitions: spec.partitions,
          replicationFactor: spec.replicationFactor,
          configEntries: Object.entries(spec.configs).map(([name, value]) => ({ name, value })),
        })),
      });
    }
    const present = specs.filter((spec) => existing.has(spec.name));
    const metadata = present.length > 0 ? await admin.fetchTopicMetadata({ topics: present.map((s) => s.name) }) : { topics: [] };
    const partitionCounts = new Map(metadata.topics.map((topic) => [topic.name, topic.partitions.length]));
    const grow = present
      .filter((spec) => (partitionCounts.get(spec.name) ?? spec.partitions) < spec.partitions)
      .map((spec) => ({ spec }));
    if (grow.length > 0) {
      await admin.createPartitions({ topicPartitions: grow.map(({ spec }) => ({ topic: spec.name, count: spec.partitions })) });
    }
    const grown = grow.map(({ spec }) => spec.name);
    return {
      created: missing.map((s) => s.name),
      grown,
      unchanged: present.map((s) => s.name).filter((name) => !grown.includes(name)),
    };
  } finally {
    await admin.disconnect();
  }
}
