import { envInt, loadConfig } from '@issuestream/config';
import { kafkaEnvSchema } from '@issuestream/kafka';
import { storageEnvSchema } from '@issuestream/storage';
import { z } from 'zod';
import { errorsEnvShape } from './errors/errors.config';
import { genericEventsEnvShape } from './generic-events/generic-events.config';

/**
 * The whole app's environment: the shared Kafka/storage variables, HTTP, and
 * one shape per consumed stream (errors/…, generic-events/…), merged here.
 */
export const postProcessEnv = z.object({
  ...kafkaEnvSchema,
  ...storageEnvSchema.shape,
  KAFKA_GROUP_ID: z.string().min(1).default('post-process'),
  SCHEMA_REGISTRY_URL: z.string().url().default('http://127.0.0.1:8081/apis/ccompat/v7'),
  HTTP_HOST: z.string().min(1).default('0.0.0.0'),
  HTTP_PORT: envInt(3700, { min: 0, max: 65535 }),
  /** How long project, flag and option reads are cached. */
  TENANT_CACHE_TTL_MS: envInt(10000, { min: 0 }),
  ...errorsEnvShape,
  ...genericEventsEnvShape,
});

export type PostProcessConfig = z.infer<typeof postProcessEnv>;

export const loadPostProcessConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(postProcessEnv, env);
