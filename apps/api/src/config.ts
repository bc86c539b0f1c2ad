import { envInt, loadConfig } from '@issuestream/config';
import { blobStoreEnvSchema } from '@issuestream/blob-store';
import { kafkaEnvSchema } from '@issuestream/kafka';
import { storageEnvSchema } from '@issuestream/storage';
import { z } from 'zod';

export const apiEnv = z.object({
  ...kafkaEnvSchema,
  ...storageEnvSchema.shape,
  ...blobStoreEnvSchema.shape,
  SCHEMA_REGISTRY_URL: z.string().url().default('http://127.0.0.1:8081/apis/ccompat/v7'),
  HTTP_HOST: z.string().min(1).default('0.0.0.0'),
  HTTP_PORT: envInt(3500, { min: 0, max: 65535 }),
  OUTCOMES_TOPIC: z.string().min(1).default('outcomes'),
  /** Where reports about stored error events go as feedback occurrences (the shim to a feedback issue). */
  OCCURRENCES_TOPIC: z.string().min(1).default('ingest-occurrences'),
  /** Largest request body; a user report is at most a few KiB, so anything far larger is refused unread. */
  API_MAX_BODY_BYTES: envInt(64 * 1024, { min: 1024 }),
  TENANT_CACHE_TTL_MS: envInt(10000, { min: 0 }),
  /** ingest-outcomes' HTTP base URL: stats_v2 reads the outcome counts from the process that owns them. */
  OUTCOMES_STATS_URL: z.string().url().default('http://127.0.0.1:3800'),
  OUTCOMES_STATS_TIMEOUT_MS: envInt(10000, { min: 1 }),
  /**
   * Where the issue stream's ClickHouse reads go: `http` asks the process that owns search_issues
   * (ingest-occurrences, at ISSUE_STREAM_URL; needed with embedded chDB, which one process alone may
   * open); `clickhouse` queries CLICKHOUSE_URL (a server) or CLICKHOUSE_PATH itself.
   */
  ISSUE_STREAM_SOURCE: z.enum(['http', 'clickhouse']).default('http'),
  ISSUE_STREAM_URL: z.string().url().default('http://127.0.0.1:3200'),
  ISSUE_STREAM_TIMEOUT_MS: envInt(10000, { min: 1 }),
});

export type ApiConfig = z.infer<typeof apiEnv>;

export const loadApiConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(apiEnv, env);
