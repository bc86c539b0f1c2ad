import { envInt, loadConfig } from '@issuestream/config';
import { kafkaEnvSchema } from '@issuestream/kafka';
import { z } from 'zod';

/**
 * The sample consumer's environment. It proves the runtime end to end:
 * records from a topic become rows in Postgres, exactly once in effect.
 */
export const sampleConsumerEnv = z.object({
  ...kafkaEnvSchema,
  KAFKA_GROUP_ID: z.string().min(1).default('sample-consumer'),
  SCHEMA_REGISTRY_URL: z.string().url().default('http://127.0.0.1:8081/apis/ccompat/v7'),
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/issuestream'),
  HTTP_HOST: z.string().min(1).default('0.0.0.0'),
  HTTP_PORT: envInt(3100, { min: 0, max: 65535 }),
  SAMPLE_TOPIC: z.string().min(1).default('sample-records'),
  SAMPLE_TABLE: z.string().regex(/^[a-z_][a-z0-9_]{0,50}$/, 'expected a lower-case SQL identifier').default('sample_records'),
  /** Simulated work per batch, inside the write transaction; lets tests interrupt a batch midway. */
  SAMPLE_WORK_MS: envInt(0, { min: 0 }),
});

export type SampleConsumerConfig = z.infer<typeof sampleConsumerEnv>;

export const loadSampleConsumerConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(sampleConsumerEnv, env);
