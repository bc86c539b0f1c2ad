import { defaultUpdateWindow, feedbackShim, updateUserReportsExclusively } from '@issuestream/error-post-process';
import { errorStoreEventLookup } from '@issuestream/feedback';
import { errorEventMigrations, issueMigrations } from '@issuestream/issues-data';
import { createProducer } from '@issuestream/kafka';
import { createCodec } from '@issuestream/schemas';
import { migrate } from '@issuestream/storage';
import { USER_REPORT_MIGRATIONS_TABLE, userReportMigrations } from '@issuestream/user-reports-data';
import { takeArgs } from '../cli-args';
import type { AdminCommand } from './admin-command';

export const userReportsUpdate: AdminCommand = {
  name: 'user-reports update',
  synopsis: '',
  summary: 'run the update_user_reports job once: reports of the last day whose error is stored get its issue, shimmed to feedback first if needed',
  async run(args, _flags, context) {
    takeArgs(this.name, args, []);
    const pool = await context.db();
    await migrate(pool, issueMigrations, { table: 'issue_migrations' });
    await migrate(pool, errorEventMigrations, { table: 'error_event_migrations' });
    await migrate(pool, userReportMigrations, { table: USER_REPORT_MIGRATIONS_TABLE });
    const tenants = await context.store();
    const producer = await createProducer(context.kafka());
    try {
      const shim = feedbackShim({
        tenants, producer, codec: createCodec({ registryUrl: context.variable('SCHEMA_REGISTRY_URL', 'http://127.0.0.1:8081/apis/ccompat/v7') }),
        occurrencesTopic: context.variable('OCCURRENCES_TOPIC', 'ingest-occurrences'), outcomesTopic: context.variable('OUTCOMES_TOPIC', 'outcomes'), outcomeSource: 'admin',
      });
      const result = await updateUserReportsExclusively({ pool, tenants, events: errorStoreEventLookup(pool, tenants), shim }, defaultUpdateWindow(new Date()));
      if (!result) return { text: 'update_user_reports is running elsewhere; nothing done', json: { running: true } };
      return { text: `update_user_reports: examined ${result.examined}, linked ${result.linked}, shimmed ${result.shimmed}`, json: result };
    } finally {
      await producer.disconnect();
    }
  },
};
