import { envInt, loadConfig } from '@issuestream/config';
import { blobStoreEnvSchema } from '@issuestream/blob-store';
import { kafkaEnvSchema } from '@issuestream/kafka';
import { storageEnvSchema } from '@issuestream/storage';
import { z } from 'zod';

const MiB = 1024 * 1024;

export const ingestAttachmentsEnv = z.object({
  ...kafkaEnvSchema,
  ...storageEnvSchema.shape,
  ...blobStoreEnvSchema.shape,
  KAFKA_GROUP_ID: z.string().min(1).default('ingest-attachments'),
  SCHEMA_REGISTRY_URL: z.string().url().default('http://127.0.0.1:8081/apis/ccompat/v7'),
  HTTP_HOST: z.string().min(1).default('0.0.0.0'),
  HTTP_PORT: envInt(3600, { min: 0, max: 65535 }),
  /** Where Relay (and the relay stand-in) produce attachments, chunks, user reports and events that carried them. */
  ATTACHMENTS_INGEST_TOPIC: z.string().min(1).default('ingest-attachments'),
  /** The errors eventstream, for the events this consumer stores. */
  EVENTSTREAM_TOPIC: z.string().min(1).default('events'),
  OUTCOMES_TOPIC: z.string().min(1).default('outcomes'),
  /** How long project reads are cached. */
  TENANT_CACHE_TTL_MS: envInt(10000, { min: 0 }),
  /** Largest attachment stored (Relay's per-item limit); a larger one gets INVALID `too_large`. */
  ATTACHMENT_MAX_BYTES: envInt(200 * MiB, { min: 1 }),
  /** Attachments streamed to the blob store at once. */
  ATTACHMENT_PUT_CONCURRENCY: envInt(8, { min: 1, max: 256 }),
  /** How long a chunk waits in Redis for the message that assembles it. */
  ATTACHMENT_CHUNK_TTL_SECONDS: envInt(3600, { min: 1 }),
});

export type IngestAttachmentsConfig = z.infer<typeof ingestAttachmentsEnv>;

export const loadIngestAttachmentsConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(ingestAttachmentsEnv, env);
