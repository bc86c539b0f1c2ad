import { deadLetterTopic } from '../steps/dead-letter';

export interface TopicSpec {
  name: string;
  partitions: number;
  replicationFactor: number;
  configs: Record<string, string>;
}

const ONE_DAY_MS = String(24 * 60 * 60 * 1000);
const WEEK_MS = String(7 * 24 * 60 * 60 * 1000);

/** Settings of the reference's Relay-facing topics: lz4, one day, 10 MB messages. */
const relayTopic = { 'compression.type': 'lz4', 'retention.ms': ONE_DAY_MS, 'max.message.bytes': '10000000' };
const internalTopic = { 'compression.type': 'lz4', 'retention.ms': ONE_DAY_MS };
/** Dead letters wait for a human, so they are kept longer than their source. */
const deadLetters = { 'compression.type': 'lz4', 'retention.ms': WEEK_MS, 'max.message.bytes': '10000000' };

/** Every topic issuestream reads or writes, with the configs the reference uses (but for ingest-attachments). */
export const topicConfigs: Readonly<Record<string, Record<string, string>>> = {
  'ingest-feedback-events': relayTopic,
  // Kept as the producer sent it: the relay stand-in sends attachment bytes (screenshots, archives, mostly compressed
  // already) uncompressed, as LZ4 on them cost the relay, the broker and the consumer CPU and memory for no saving;
  // Relay's own LZ4 batches are kept as they are too.
  'ingest-attachments': { ...relayTopic, 'compression.type': 'producer' },
  'ingest-events': relayTopic,
  'ingest-occurrences': internalTopic,
  events: { 'compression.type': 'lz4', 'retention.ms': ONE_DAY_MS, 'max.message.bytes': '25000000', 'message.timestamp.type': 'LogAppendTime' },
  'generic-events': internalTopic,
  outcomes: internalTopic,
};

/** Topics consumed by an issuestream app get a dead-letter topic each. */
export const consumedTopics = ['ingest-feedback-events', 'ingest-attachments', 'ingest-events', 'ingest-occurrences', 'events'];

export function topicManifest(partitions: number, replicationFactor: number): TopicSpec[] {
  const main = Object.entries(topicConfigs).map(([name, configs]) => ({ name, partitions, replicationFactor, configs }));
  const dlq = consumedTopics.map((name) => ({ name: deadLetterTopic(name), partitions, replicationFactor, configs: deadLetters }));
  return [...main, ...dlq];
}

/** A topic outside the manifest (tests, samples) with its dead-letter topic, using the internal defaults. */
export function adHocTopics(name: string, partitions: number, replicationFactor = 1): TopicSpec[] {
  return [
    { name, partitions, replicationFactor, configs: internalTopic },
    { name: deadLetterTopic(name), partitions, replicationFactor, configs: deadLetters },
  ];
}

/**
 * The manifest plus the topics an app uses under other names (a deployment
 * prefix, or a test's random names), each renamed topic with its DLQ.
 */
export function manifestWith(partitions: number, replicationFactor: number, topicNames: readonly string[]): TopicSpec[] {
  const manifest = topicManifest(partitions, replicationFactor);
  const known = new Set(manifest.map((t) => t.name));
  const renamed = [...new Set(topicNames)].filter((name) => !known.has(name));
  return [...manifest, ...renamed.flatMap((name) => adHocTopics(name, partitions, replicationFactor))];
}

/** The specs with the topic `name` (a renamed manifest topic) given the configs of the manifest topic `as`. */
export function withConfigsOf(specs: readonly TopicSpec[], name: string, as: string): TopicSpec[] {
  const configs = topicConfigs[as];
  if (!configs) throw new Error(`no manifest topic ${as}`);
  return specs.map((spec) => (spec.name === name ? { ...spec, configs: { ...configs } } : spec));
}
