import { S3Client } from '@aws-sdk/client-s3';
import type { BlobStore } from './blob-store';
import type { BlobStoreConfig, S3BlobStoreConfig } from './config/blob-store-config';
import { FsBlobStore } from './fs/fs-blob-store';
import { S3BlobStore } from './s3/s3-blob-store';

/** The configured backend; call close() on shutdown. */
export function createBlobStore(config: BlobStoreConfig): BlobStore {
  if (config.backend === 'fs') return new FsBlobStore(config.path);
  return new S3BlobStore({
    client: createS3Client(config),
    bucket: config.bucket,
    prefix: config.prefix,
    partSize: config.partSize,
  });
}

function createS3Client(config: S3BlobStoreConfig): S3Client {
  return new S3Client({
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    ...(config.credentials ? { credentials: config.credentials } : {}),
    // Newer SDKs add CRC checksums to every upload by default; several
    // S3-compatible servers reject or ignore them. The SHA-1 in PutResult is
    // the integrity record this project keeps.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}
