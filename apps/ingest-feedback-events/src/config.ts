import { envInt, loadConfig } from '@issuestream/config';
import { kafkaEnvSchema } from '@issuestream/kafka';
import { storageEnvSchema } from '@issuestream/storage';
import { z } from 'zod';

export const ingestFeedbackEnv = z.object({
  ...kafkaEnvSchema,
  ...storageEnvSchema.shape,
  KAFKA_GROUP_ID: z.string().min(1).default('ingest-feedback-events'),
  SCHEMA_REGISTRY_URL: z.string().url().default('http://127.0.0.1:8081/apis/ccompat/v7'),
  HTTP_HOST: z.string().min(1).default('0.0.0.0'),
  HTTP_PORT: envInt(3300, { min: 0, max: 65535 }),
  FEEDBACK_TOPIC: z.string().min(1).default('ingest-feedback-events'),
  OCCURRENCES_TOPIC: z.string().min(1).default('ingest-occurrences'),
  OUTCOMES_TOPIC: z.string().min(1).default('outcomes'),
  /** How long project, flag and option reads are cached; flag changes take effect within this. */
  TENANT_CACHE_TTL_MS: envInt(10000, { min: 0 }),
});

export type IngestFeedbackConfig = z.infer<typeof ingestFeedbackEnv>;

export const loadIngestFeedbackConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(ingestFeedbackEnv, env);
