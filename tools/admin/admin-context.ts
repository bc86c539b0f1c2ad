import {
  createPgPool,
  migrate,
  TENANT_MIGRATIONS_TABLE,
  tenantMigrations,
  TenantStore,
} from '@issuestream/storage';
import { API_TOKEN_MIGRATIONS_TABLE, apiTokenMigrations, ApiTokenStore } from '@issuestream/api-tokens-data';
import { GroupTypeStore } from '@issuestream/issue-platform';
import type { ConnectionOptions } from '@issuestream/kafka';
import type { Pool } from 'pg';
import { CliUsageError } from './cli-args';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/issuestream';
const DEFAULT_RELAY_PORT = 3000;
const DEFAULT_KAFKA_BROKERS = '127.0.0.1:9092';

/**
 * What commands share. The database is opened on first use, so argument
 * errors are reported without needing (or waiting for) Postgres.
 */
export class AdminContext {
  private pool: Pool | undefined;
  private tenantStore: TenantStore | undefined;
  private groupTypeStore: GroupTypeStore | undefined;

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly log: (message: string) => void,
  ) {}

  /** The store, after applying the tenant migrations (idempotent, so every run may do it). */
  async store(): Promise<TenantStore> {
    if (this.tenantStore) return this.tenantStore;
    const pool = await this.db();
    // No cache: every CLI run is a fresh process that reads each row once.
    this.tenantStore = new TenantStore(pool, { cacheTtlMs: 0 });
    return this.tenantStore;
  }

  /** Organisation API tokens (their table is created on first use). */
  async apiTokens(): Promise<ApiTokenStore> {
    const pool = await this.db();
    await migrate(pool, apiTokenMigrations, { table: API_TOKEN_MIGRATIONS_TABLE, log: this.log });
    return new ApiTokenStore(pool);
  }

  /** The shared group-type registry (its tables are created on first use). */
  async groupTypes(): Promise<GroupTypeStore> {
    this.groupTypeStore ??= await GroupTypeStore.open(await this.db());
    return this.groupTypeStore;
  }

  /** Recorded as who changed a group type: the operating system user running the CLI. */
  operator(): string {
    return this.env['USER']?.trim() || this.env['LOGNAME']?.trim() || 'unknown';
  }

  async db(): Promise<Pool> {
    if (this.pool) return this.pool;
    const url = this.env['DATABASE_URL']?.trim() || DEFAULT_DATABASE_URL;
    const pool = createPgPool(url, { applicationName: 'issuestream-admin', max: 4 });
    this.pool = pool;
    await migrate(pool, tenantMigrations, { table: TENANT_MIGRATIONS_TABLE, log: this.log });
    return pool;
  }

  /** Host and port of the ingest endpoint that goes into printed DSNs. */
  relayHost(): string {
    const raw = this.env['RELAY_PORT']?.trim();
    const port = raw ? Number(raw) : DEFAULT_RELAY_PORT;
    if (!Number.isInteger(port) || port < 1 || port > 65_535) {
      throw new CliUsageError(`RELAY_PORT must be a port number (1-65535), got "${raw}"`);
    }
    return `127.0.0.1:${port}`;
  }

  /** Kafka from KAFKA_BROKERS (comma-separated), as the apps read it. */
  kafka(): ConnectionOptions {
    const brokers = (this.env['KAFKA_BROKERS']?.trim() || DEFAULT_KAFKA_BROKERS).split(',').map((b) => b.trim()).filter(Boolean);
    return { brokers, clientId: this.env['KAFKA_CLIENT_ID']?.trim() || 'issuestream-admin' };
  }

  /** An environment variable the apps share (topics, registry), or its default. */
  variable(name: string, fallback: string): string {
    return this.env[name]?.trim() || fallback;
  }

  /** Progress lines for long commands: stderr, so --json output stays parseable. */
  progress(message: string): void {
    this.log(message);
  }

  async close(): Promise<void> {
    await this.pool?.end();
  }
}
