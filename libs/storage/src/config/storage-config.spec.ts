import { storageConfigFromEnv, StorageConfigError } from './storage-config';

describe('storageConfigFromEnv', () => {
  it('defaults to the local stack with embedded ClickHouse under the working directory', () => {
    expect(storageConfigFromEnv({}, { cwd: '/repo' })).toEqual({
      postgres: { url: 'postgres://postgres@127.0.0.1:5432/issuestream' },
      redis: { url: 'redis://127.0.0.1:6379/0' },
      clickhouse: { path: '/repo/.stack/data/clickhouse', database: 'issuestream' },
    });
  });

  it('treats blank variables as unset', () => {
    const config = storageConfigFromEnv(
      { DATABASE_URL: '', CLICKHOUSE_URL: ' ', CLICKHOUSE_PATH: '' },
      { cwd: '/repo' },
    );
    expect(config.postgres.url).toBe('postgres://postgres@127.0.0.1:5432/issuestream');
    expect(config.clickhouse.url).toBeUndefined();
    expect(config.clickhouse.path).toBe('/repo/.stack/data/clickhouse');
  });

  it('takes explicit values, keeping :memory: and resolving relative paths', () => {
    const config = storageConfigFromEnv(
      {
        DATABASE_URL: 'postgresql://app:secret@db:5432/prod',
        REDIS_URL: 'rediss://cache:6380/2',
        CLICKHOUSE_URL: 'https://ch.internal:8443',
        CLICKHOUSE_DATABASE: 'events',
        CLICKHOUSE_PATH: ':memory:',
      },
      { cwd: '/repo' },
    );
    expect(config).toEqual({
      postgres: { url: 'postgresql://app:secret@db:5432/prod' },
      redis: { url: 'rediss://cache:6380/2' },
      clickhouse: { url: 'https://ch.internal:8443', path: ':memory:', database: 'events' },
    });
    expect(
      storageConfigFromEnv({ CLICKHOUSE_PATH: 'tmp/ch' }, { cwd: '/repo' }).clickhouse.path,
    ).toBe('/repo/tmp/ch');
  });

  it('uses a database named in CLICKHOUSE_URL unless CLICKHOUSE_DATABASE is set', () => {
    expect(
      storageConfigFromEnv({ CLICKHOUSE_URL: 'http://ch:8123/analytics' }).clickhouse.database,
    ).toBe('analytics');
    expect(
      storageConfigFromEnv({
        CLICKHOUSE_URL: 'http://ch:8123/analytics',
        CLICKHOUSE_DATABASE: 'other',
      }).clickhouse.database,
    ).toBe('other');
  });

  it('reports every invalid variable by name, without echoing passwords', () => {
    let error: unknown;
    try {
      storageConfigFromEnv({
        DATABASE_URL: 'mysql://root:hunter2@db/x',
        REDIS_URL: 'not a url',
        CLICKHOUSE_URL: 'tcp://ch:9000',
        CLICKHOUSE_DATABASE: 'bad-name',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StorageConfigError);
    const message = String((error as Error).message);
    expect(message).toMatch(/DATABASE_URL must use postgres:\/\/ or postgresql:\/\//);
    expect(message).toMatch(/REDIS_URL is not a URL/);
    expect(message).toMatch(/CLICKHOUSE_URL must use http:\/\/ or https:\/\//);
    expect(message).toMatch(/CLICKHOUSE_DATABASE must be a plain identifier/);
    expect(message).not.toContain('hunter2');
    expect((error as StorageConfigError).problems).toHaveLength(4);
  });
});
