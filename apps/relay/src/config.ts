import { envInt, loadConfig } from '@issuestream/config';
import { kafkaEnvSchema } from '@issuestream/kafka';
import { storageEnvSchema } from '@issuestream/storage';
import { z } from 'zod';

const MiB = 1024 * 1024;

export const relayEnv = z.object({
  ...kafkaEnvSchema,
  ...storageEnvSchema.shape,
  SCHEMA_REGISTRY_URL: z.string().url().default('http://127.0.0.1:8081/apis/ccompat/v7'),
  HTTP_HOST: z.string().min(1).default('0.0.0.0'),
  RELAY_PORT: envInt(3000, { min: 0, max: 65535 }),
  FEEDBACK_TOPIC: z.string().min(1).default('ingest-feedback-events'),
  ATTACHMENTS_TOPIC: z.string().min(1).default('ingest-attachments'),
  EVENTS_TOPIC: z.string().min(1).default('ingest-events'),
  OUTCOMES_TOPIC: z.string().min(1).default('outcomes'),
  /** How long an idle producer waits for other requests' messages before sending; under load sends wait for the request in flight instead. */
  RELAY_PRODUCE_LINGER_MS: envInt(0, { min: 0 }),
  /** Events per window for keys without their own rate limit; 0 turns the default limit off. */
  RELAY_RATE_LIMIT_COUNT: envInt(1000, { min: 0 }),
  RELAY_RATE_LIMIT_WINDOW_SECONDS: envInt(60, { min: 1 }),
  /** Largest attachment sent inline and the size of each attachment_chunk. */
  RELAY_ATTACHMENT_CHUNK_SIZE: envInt(MiB, { min: 1 }),
  /** Largest request body after decompression. */
  RELAY_MAX_ENVELOPE_SIZE: envInt(200 * MiB, { min: 1024 }),
  TENANT_CACHE_TTL_MS: envInt(10000, { min: 0 }),
  /** How often the coalesced SDK heartbeats are written to Redis. */
  SDK_HEARTBEAT_FLUSH_MS: envInt(5000, { min: 10 }),
  /** How long a (signal, SDK, environment) last-seen entry is kept without a new sighting. */
  SDK_HEARTBEAT_RETENTION_DAYS: envInt(90, { min: 1 }),
});

export type RelayConfig = z.infer<typeof relayEnv>;

export const loadRelayConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(relayEnv, env);
