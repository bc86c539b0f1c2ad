// Applies the topic manifest (every topic plus its dead-letter topic) to the
// brokers in KAFKA_BROKERS. Idempotent; prints what it created or grew.
import { loadConfig } from '@issuestream/config';
import { connectionFromEnv, kafkaEnvSchema, provisionTopics, topicManifest } from '@issuestream/kafka';
import { z } from 'zod';

async function main(): Promise<void> {
  const env = loadConfig(z.object(kafkaEnvSchema));
  const report = await provisionTopics(connectionFromEnv(env), topicManifest(env.KAFKA_TOPIC_PARTITIONS, env.KAFKA_TOPIC_REPLICATION));
  console.log(`topics created: ${report.created.join(', ') || 'none'}`);
  console.log(`topics grown: ${report.grown.join(', ') || 'none'}`);
  console.log(`topics unchanged: ${report.unchanged.length}`);
}

main().catch((error: unknown) => {
  console.error(`provisioning failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
