import { EVENT_ATTACHMENT_MIGRATIONS_TABLE, eventAttachmentMigrations, EventAttachmentStore } from '@issuestream/attachments-data';
import { errorEventMigrations, issueMigrations } from '@issuestream/issues-data';
import { POST_PROCESS_MIGRATIONS_TABLE, postProcessMigrations } from '@issuestream/post-process-data';
import { REPLAY_LINK_MIGRATIONS_TABLE, replayLinkMigrations } from '@issuestream/replays-data';
import { migrate, migrateClickHouse } from '@issuestream/storage';
import { USER_REPORT_MIGRATIONS_TABLE, userReportMigrations } from '@issuestream/user-reports-data';
import type { PostProcessResources } from '../post-process-resources';

/**
 * The tables the errors steps read and write, migrated before the consumer
 * starts; the issue and error-event tables are ingest-events' (same lists and
 * history tables), read by update_user_reports.
 */
export class ErrorsStores {
  private constructor(readonly attachments: EventAttachmentStore) {}

  static async open({ pool, clickhouse }: PostProcessResources): Promise<ErrorsStores> {
    await migrate(pool, issueMigrations, { table: 'issue_migrations' });
    await migrate(pool, errorEventMigrations, { table: 'error_event_migrations' });
    await migrate(pool, userReportMigrations, { table: USER_REPORT_MIGRATIONS_TABLE });
    await migrate(pool, eventAttachmentMigrations, { table: EVENT_ATTACHMENT_MIGRATIONS_TABLE });
    await migrate(pool, postProcessMigrations, { table: POST_PROCESS_MIGRATIONS_TABLE });
    await migrateClickHouse(clickhouse, replayLinkMigrations, { table: REPLAY_LINK_MIGRATIONS_TABLE });
    return new ErrorsStores(new EventAttachmentStore(pool));
  }
}
