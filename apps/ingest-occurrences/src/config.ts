import { envInt, loadConfig } from '@issuestream/config';
import { kafkaEnvSchema } from '@issuestream/kafka';
import { storageEnvSchema } from '@issuestream/storage';
import { z } from 'zod';

export const ingestOccurrencesEnv = z.object({
  ...kafkaEnvSchema,
  ...storageEnvSchema.shape,
  KAFKA_GROUP_ID: z.string().min(1).default('ingest-occurrences'),
  SCHEMA_REGISTRY_URL: z.string().url().default('http://127.0.0.1:8081/apis/ccompat/v7'),
  HTTP_HOST: z.string().min(1).default('0.0.0.0'),
  HTTP_PORT: envInt(3200, { min: 0, max: 65535 }),
  OCCURRENCES_TOPIC: z.string().min(1).default('ingest-occurrences'),
  POST_PROCESS_TOPIC: z.string().min(1).default('generic-events'),
  /** How long project, flag and option reads are cached; flag changes take effect within this. */
  TENANT_CACHE_TTL_MS: envInt(10000, { min: 0 }),
  /** How long registered group types are reused; attribute changes (noise config, released, …) take effect within this. */
  GROUP_TYPE_CACHE_TTL_MS: envInt(5000, { min: 0 }),
});

export type IngestOccurrencesConfig = z.infer<typeof ingestOccurrencesEnv>;

export const loadIngestOccurrencesConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(ingestOccurrencesEnv, env);
