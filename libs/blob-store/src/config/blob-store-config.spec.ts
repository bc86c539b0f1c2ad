import { ConfigError } from '@issuestream/config';
import { blobStoreConfigFromEnv, DEFAULT_S3_PART_SIZE } from './blob-store-config';

describe('blobStoreConfigFromEnv', () => {
  it('defaults to the filesystem under .stack/blobs, resolved against cwd', () => {
    expect(blobStoreConfigFromEnv({}, { cwd: '/repo' })).toEqual({
      backend: 'fs',
      path: '/repo/.stack/blobs',
    });
  });

  it('keeps an absolute BLOB_STORE_PATH and treats a blank one as unset', () => {
    expect(blobStoreConfigFromEnv({ BLOB_STORE_PATH: '/data/blobs' }, { cwd: '/repo' })).toEqual({
      backend: 'fs',
      path: '/data/blobs',
    });
    expect(blobStoreConfigFromEnv({ BLOB_STORE_PATH: ' ' }, { cwd: '/repo' })).toMatchObject({
      path: '/repo/.stack/blobs',
    });
  });

  it('reads the S3 settings, with path-style on once an endpoint is given', () => {
    const config = blobStoreConfigFromEnv({
      BLOB_STORE: 's3',
      S3_BUCKET: 'attachments',
      S3_PREFIX: 'prod/eu',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      AWS_ACCESS_KEY_ID: 'minio',
      AWS_SECRET_ACCESS_KEY: 'minio123',
    });
    expect(config).toEqual({
      backend: 's3',
      bucket: 'attachments',
      prefix: 'prod/eu',
      endpoint: 'http://127.0.0.1:9000',
      region: 'us-east-1',
      forcePathStyle: true,
      partSize: DEFAULT_S3_PART_SIZE,
      credentials: { accessKeyId: 'minio', secretAccessKey: 'minio123' },
    });
  });

  it('leaves AWS itself virtual-hosted and credentials to the SDK unless told', () => {
    expect(blobStoreConfigFromEnv({ BLOB_STORE: 's3', S3_REGION: 'eu-west-1' })).toEqual({
      backend: 's3',
      bucket: 'issuestream-blobs',
      prefix: '',
      region: 'eu-west-1',
      forcePathStyle: false,
      partSize: DEFAULT_S3_PART_SIZE,
    });
    expect(
      blobStoreConfigFromEnv({
        BLOB_STORE: 's3',
        S3_ENDPOINT: 'https://minio.internal',
        S3_FORCE_PATH_STYLE: 'false',
      }),
    ).toMatchObject({ forcePathStyle: false });
  });

  it('names every bad variable at once', () => {
    const attempt = () =>
      blobStoreConfigFromEnv({
        BLOB_STORE: 'gcs',
        S3_BUCKET: 'Not_A_Bucket',
        S3_ENDPOINT: 'minio:9000',
        S3_PART_SIZE: '1048576',
        S3_FORCE_PATH_STYLE: 'sometimes',
      });
    expect(attempt).toThrow(ConfigError);
    const problems = (() => {
      try {
        attempt();
        return [];
      } catch (error) {
        return [...(error as ConfigError).problems];
      }
    })();
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'BLOB_STORE',
      'S3_BUCKET',
      'S3_ENDPOINT',
      'S3_FORCE_PATH_STYLE',
      'S3_PART_SIZE',
    ]);
  });

  it('wants both halves of static credentials or neither', () => {
    expect(() => blobStoreConfigFromEnv({ BLOB_STORE: 's3', AWS_ACCESS_KEY_ID: 'id' })).toThrow(
      /set both or neither/,
    );
  });
});
