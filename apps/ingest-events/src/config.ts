import { envInt, loadConfig } from '@issuestream/config';
import { kafkaEnvSchema } from '@issuestream/kafka';
import { storageEnvSchema } from '@issuestream/storage';
import { z } from 'zod';

export const ingestEventsEnv = z.object({
  ...kafkaEnvSchema,
  ...storageEnvSchema.shape,
  KAFKA_GROUP_ID: z.string().min(1).default('ingest-events'),
  SCHEMA_REGISTRY_URL: z.string().url().default('http://127.0.0.1:8081/apis/ccompat/v7'),
  HTTP_HOST: z.string().min(1).default('0.0.0.0'),
  HTTP_PORT: envInt(3400, { min: 0, max: 65535 }),
  /** Where Relay (and the relay stand-in) produce error events. */
  EVENTS_INGEST_TOPIC: z.string().min(1).default('ingest-events'),
  /** The errors eventstream, read by post-processing and search. */
  EVENTSTREAM_TOPIC: z.string().min(1).default('events'),
  OUTCOMES_TOPIC: z.string().min(1).default('outcomes'),
  /** How long project reads are cached. */
  TENANT_CACHE_TTL_MS: envInt(10000, { min: 0 }),
});

export type IngestEventsConfig = z.infer<typeof ingestEventsEnv>;

export const loadIngestEventsConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(ingestEventsEnv, env);
