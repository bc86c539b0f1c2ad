import { reportedErrorEvents } from '@issuestream/issues-data';
import { isJsonObject } from '@issuestream/schemas';
import { environmentKey, type TenantStore } from '@issuestream/storage';
import type { Pool } from 'pg';
import { eventTime } from './fix-event';
import { reportedEventKey, type ReportedEvent, type ReportedEventKey, type ReportedEventLookup } from './submit-user-report';

/**
 * The errors pipeline's store as the event lookup of save_userreport: one
 * query for the batch's events (group, time, environment, nodestore
 * document), then their environments' ids (created when new, as the errors
 * pipeline names them but does not register them). An event stored before
 * time and environment were kept with it takes both from its document.
 */
export function errorStoreEventLookup(pool: Pick<Pool, 'query'>, tenants: Pick<TenantStore, 'getProjects' | 'ensureEnvironments'>): ReportedEventLookup {
  return {
    async find(keys: readonly ReportedEventKey[]): Promise<ReadonlyMap<string, ReportedEvent>> {
      const stored = [...(await reportedErrorEvents(pool, keys)).values()];
      if (stored.length === 0) return new Map();
      const projects = await tenants.getProjects([...new Set(stored.map((s) => s.projectId))]);
      const found = stored.flatMap((row) => {
        const project = projects.get(row.projectId);
        if (!project) return [];
        const data = isJsonObject(row.document) ? row.document : null;
        const environment = row.environment ?? (typeof data?.['environment'] === 'string' ? data['environment'] : '');
        // A row with neither time nor document counts as just seen: the report is not refused as too old.
        const occurredAt = row.occurredAt ?? eventTime(data?.['timestamp'], new Date());
        return [{ row, data, occurredAt, environment: { organizationId: project.organizationId, name: environment } }];
      });
      const environments = await tenants.ensureEnvironments(found.map((f) => f.environment));
      return new Map(found.map(({ row, data, occurredAt, environment }) => {
        const id = environments.get(environmentKey(environment));
        const event: ReportedEvent = { groupId: row.groupId, environmentId: typeof id === 'number' ? id : null, occurredAt, data };
        return [reportedEventKey(row), event];
      }));
    },
  };
}
