import { envInt, loadConfig } from '@issuestream/config';
import { kafkaEnvSchema } from '@issuestream/kafka';
import { storageEnvSchema } from '@issuestream/storage';
import { z } from 'zod';

export const ingestOutcomesEnv = z.object({
  ...kafkaEnvSchema,
  ...storageEnvSchema.shape,
  KAFKA_GROUP_ID: z.string().min(1).default('ingest-outcomes'),
  SCHEMA_REGISTRY_URL: z.string().url().default('http://127.0.0.1:8081/apis/ccompat/v7'),
  HTTP_HOST: z.string().min(1).default('0.0.0.0'),
  HTTP_PORT: envInt(3800, { min: 0, max: 65535 }),
  /** Where the relay, the consumers and the api produce outcomes. */
  OUTCOMES_TOPIC: z.string().min(1).default('outcomes'),
});

export type IngestOutcomesConfig = z.infer<typeof ingestOutcomesEnv>;

export const loadIngestOutcomesConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(ingestOutcomesEnv, env);
