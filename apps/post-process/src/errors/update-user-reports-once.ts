import { defaultUpdateWindow, updateUserReportsExclusively, type UpdateUserReportsResult } from '@issuestream/error-post-process';
import { connectionFromEnv, createProducer } from '@issuestream/kafka';
import { createCodec } from '@issuestream/schemas';
import { createPgPool, storageConfigFromEnv, TenantStore } from '@issuestream/storage';
import type { PostProcessConfig } from '../config';
import { UserReportLinking } from './user-report-linking';

/**
 * `main.js update-user-reports`: the job once (the Helm CronJob runs this).
 * Only Postgres and a producer: no consumer, no ClickHouse (an embedded chDB
 * directory belongs to the running app). The app has migrated the tables.
 * Null when another process is running the job.
 */
export async function updateUserReportsOnce(config: PostProcessConfig, env: NodeJS.ProcessEnv): Promise<UpdateUserReportsResult | null> {
  const pool = createPgPool(storageConfigFromEnv(env).postgres.url, { applicationName: 'post-process-update-user-reports', max: 4 });
  try {
    const producer = await createProducer(connectionFromEnv(config));
    try {
      const tenants = new TenantStore(pool, { cacheTtlMs: config.TENANT_CACHE_TTL_MS });
      const linking = UserReportLinking.create({ pool, tenants, producer, codec: createCodec({ registryUrl: config.SCHEMA_REGISTRY_URL }) }, config);
      return await updateUserReportsExclusively(linking.job, defaultUpdateWindow(new Date()));
    } finally {
      await producer.disconnect();
    }
  } finally {
    await pool.end();
  }
}
