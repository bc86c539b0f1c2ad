import { envCsv, envInt } from '@issuestream/config';
import { z } from 'zod';

/** Environment variables every Kafka-speaking app shares; apps extend this shape with their own. */
export const kafkaEnvSchema = {
  KAFKA_BROKERS: envCsv('127.0.0.1:9092'),
  KAFKA_CLIENT_ID: z.string().min(1).default('issuestream'),
  KAFKA_BATCH_MAX_MESSAGES: envInt(1000, { min: 1 }),
  KAFKA_BATCH_MAX_BYTES: envInt(4 * 1024 * 1024, { min: 1024 }),
  KAFKA_BATCH_MAX_WAIT_MS: envInt(500, { min: 1 }),
  KAFKA_BATCH_MIN_BYTES: envInt(1, { min: 1 }),
  KAFKA_COMMIT_INTERVAL_MS: envInt(1000, { min: 0 }),
  KAFKA_PARTITION_CONCURRENCY: envInt(4, { min: 1 }),
  KAFKA_KEY_CONCURRENCY: envInt(8, { min: 1 }),
  KAFKA_DLQ_MAX_CONSECUTIVE: envInt(1000, { min: 0 }),
  KAFKA_SESSION_TIMEOUT_MS: envInt(30000, { min: 6000 }),
  KAFKA_RETRY_INITIAL_MS: envInt(200, { min: 1 }),
  KAFKA_RETRY_MAX_MS: envInt(30000, { min: 1 }),
  KAFKA_TOPIC_PARTITIONS: envInt(4, { min: 1 }),
  KAFKA_TOPIC_REPLICATION: envInt(1, { min: 1 }),
};

export type KafkaEnv = z.infer<z.ZodObject<typeof kafkaEnvSchema>>;

export interface ConnectionOptions {
  brokers: string[];
  clientId: string;
}

export interface BatchLimits {
  maxMessages: number;
  maxBytes: number;
  /** How long the broker may hold a fetch open to fill a batch. */
  maxWaitMs: number;
  /** Bytes the broker waits for (up to maxWaitMs) before answering a fetch: 1 answers at once, more trades latency for bigger batches. */
  minBytes: number;
}

export interface RuntimeTuning {
  limits: BatchLimits;
  commitIntervalMs: number;
  partitionConcurrency: number;
  keyConcurrency: number;
  deadLetterLimit: number;
  /** How long the group waits for a silent member (e.g. a killed pod) before reassigning its partitions. */
  sessionTimeoutMs: number;
  retry: { initialMs: number; maxMs: number };
}

export function connectionFromEnv(env: KafkaEnv): ConnectionOptions {
  return { brokers: env.KAFKA_BROKERS, clientId: env.KAFKA_CLIENT_ID };
}

export function tuningFromEnv(env: KafkaEnv): RuntimeTuning {
  return {
    limits: {
      maxMessages: env.KAFKA_BATCH_MAX_MESSAGES,
      maxBytes: env.KAFKA_BATCH_MAX_BYTES,
      maxWaitMs: env.KAFKA_BATCH_MAX_WAIT_MS,
      minBytes: env.KAFKA_BATCH_MIN_BYTES,
    },
    commitIntervalMs: env.KAFKA_COMMIT_INTERVAL_MS,
    partitionConcurrency: env.KAFKA_PARTITION_CONCURRENCY,
    keyConcurrency: env.KAFKA_KEY_CONCURRENCY,
    deadLetterLimit: env.KAFKA_DLQ_MAX_CONSECUTIVE,
    sessionTimeoutMs: env.KAFKA_SESSION_TIMEOUT_MS,
    retry: { initialMs: env.KAFKA_RETRY_INITIAL_MS, maxMs: env.KAFKA_RETRY_MAX_MS },
  };
}

export const defaultTuning: RuntimeTuning = tuningFromEnv(
  z.object(kafkaEnvSchema).parse({}),
);

/** Connection, group and tuning of a consumer app, all from its environment. */
export function consumerFromEnv(env: KafkaEnv & { KAFKA_GROUP_ID: string }): { connection: ConnectionOptions; groupId: string; tuning: RuntimeTuning } {
  return { connection: connectionFromEnv(env), groupId: env.KAFKA_GROUP_ID, tuning: tuningFromEnv(env) };
}
