export {
  BlobNotFoundError,
  InvalidBlobKeyError,
  type BlobBody,
  type BlobHead,
  type BlobStore,
  type PutResult,
} from './blob-store';
export { assertBlobKey, contentAddressedKey } from './keys/blob-key';
export {
  DEFAULT_BLOB_STORE_PATH,
  DEFAULT_S3_BUCKET,
  DEFAULT_S3_PART_SIZE,
  blobStoreConfigFromEnv,
  blobStoreEnvSchema,
  type BlobStoreConfig,
  type FsBlobStoreConfig,
  type S3BlobStoreConfig,
} from './config/blob-store-config';
export { createBlobStore } from './create-blob-store';
export { FsBlobStore } from './fs/fs-blob-store';
export { MIN_PART_SIZE, S3BlobStore, type S3BlobStoreOptions } from './s3/s3-blob-store';
