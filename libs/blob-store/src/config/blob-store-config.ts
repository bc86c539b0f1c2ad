import { ConfigError, envBoolean, envInt, envUrl, loadConfig } from '@issuestream/config';
import { resolve } from 'node:path';
import { z } from 'zod';
import { MIN_PART_SIZE } from '../s3/s3-blob-store';

/** The filesystem backend's root, relative to the working directory (the repo root under Nx). */
export const DEFAULT_BLOB_STORE_PATH = '.stack/blobs';
/** The bucket the local stack's S3Mock creates at start. */
export const DEFAULT_S3_BUCKET = 'issuestream-blobs';
/** 8 MiB: above S3's 5 MiB floor, below S3Mock's 10 MB request limit. */
export const DEFAULT_S3_PART_SIZE = 8 * 1024 * 1024;
// S3's ceiling per part.
const MAX_PART_SIZE = 5 * 1024 * 1024 * 1024;

/** Env files often carry `VAR=` to mean "unset"; treat blank as absent so defaults apply. */
const blankAsUnset = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess(blankAsUnset, schema);

/** The blob store's variables as a zod object, for apps that merge it into their own env schema. */
export const blobStoreEnvSchema = z.object({
  BLOB_STORE: optional(z.enum(['fs', 's3']).default('fs')),
  BLOB_STORE_PATH: optional(z.string().default(DEFAULT_BLOB_STORE_PATH)),
  S3_BUCKET: optional(
    z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
        'expected an S3 bucket name (3-63 of a-z, 0-9, ".", "-")',
      )
      .default(DEFAULT_S3_BUCKET),
  ),
  S3_PREFIX: optional(
    z
      .string()
      .regex(/^[A-Za-z0-9._=/-]*$/, "expected letters, digits, '.', '_', '=', '-' and '/'")
      .default(''),
  ),
  S3_ENDPOINT: optional(
    envUrl().refine(
      (url) => url === undefined || /^https?:\/\/[^/]/.test(url),
      'expected an http:// or https:// URL, e.g. http://127.0.0.1:9000',
    ),
  ),
  S3_REGION: optional(z.string().default('us-east-1')),
  S3_FORCE_PATH_STYLE: optional(envBoolean(false).optional()),
  S3_PART_SIZE: optional(envInt(DEFAULT_S3_PART_SIZE, { min: MIN_PART_SIZE, max: MAX_PART_SIZE })),
  AWS_ACCESS_KEY_ID: optional(z.string().optional()),
  AWS_SECRET_ACCESS_KEY: optional(z.string().optional()),
  AWS_SESSION_TOKEN: optional(z.string().optional()),
});

export interface FsBlobStoreConfig {
  readonly backend: 'fs';
  /** Absolute root directory. */
  readonly path: string;
}

export interface S3BlobStoreConfig {
  readonly backend: 's3';
  readonly bucket: string;
  readonly prefix: string;
  /** Unset: AWS itself, endpoint chosen by region. */
  readonly endpoint?: string;
  readonly region: string;
  readonly forcePathStyle: boolean;
  readonly partSize: number;
  /** Unset: the AWS SDK's default chain (env, profile, instance role, …). */
  readonly credentials?: {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken?: string;
  };
}

export type BlobStoreConfig = FsBlobStoreConfig | S3BlobStoreConfig;

/**
 * Reads the blob store's variables with their documented defaults, naming
 * every bad one at once (ConfigError). A relative BLOB_STORE_PATH is resolved
 * against `cwd`. Path-style addressing defaults to on when S3_ENDPOINT is set,
 * since self-hosted S3 servers (MinIO, S3Mock) rarely have per-bucket DNS names.
 */
export function blobStoreConfigFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  opts: { cwd?: string } = {},
): BlobStoreConfig {
  const vars = loadConfig(blobStoreEnvSchema, env);
  if ((vars.AWS_ACCESS_KEY_ID === undefined) !== (vars.AWS_SECRET_ACCESS_KEY === undefined))
    throw new ConfigError([
      'AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY: set both or neither (neither: the AWS SDK finds credentials itself)',
    ]);
  if (vars.BLOB_STORE === 'fs')
    return { backend: 'fs', path: resolve(opts.cwd ?? process.cwd(), vars.BLOB_STORE_PATH) };
  return {
    backend: 's3',
    bucket: vars.S3_BUCKET,
    prefix: vars.S3_PREFIX,
    ...(vars.S3_ENDPOINT ? { endpoint: vars.S3_ENDPOINT } : {}),
    region: vars.S3_REGION,
    forcePathStyle: vars.S3_FORCE_PATH_STYLE ?? vars.S3_ENDPOINT !== undefined,
    partSize: vars.S3_PART_SIZE,
    ...(vars.AWS_ACCESS_KEY_ID && vars.AWS_SECRET_ACCESS_KEY
      ? {
          credentials: {
            accessKeyId: vars.AWS_ACCESS_KEY_ID,
            secretAccessKey: vars.AWS_SECRET_ACCESS_KEY,
            ...(vars.AWS_SESSION_TOKEN ? { sessionToken: vars.AWS_SESSION_TOKEN } : {}),
          },
        }
      : {}),
  };
}
