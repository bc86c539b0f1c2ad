import { BadRequestException, Controller, Get, Query } from '@nestjs/common';
import { listSearchIssues, type SearchIssueRow } from '@issuestream/issues-data';
import { IngestResources } from './ingest-resources';

const HEX_ID = /^[0-9a-f]{32}$/;

const PROJECT_IDS = /^\d+(,\d+)*$/;

function projectIdList(raw: string | undefined): number[] {
  if (raw === undefined || !PROJECT_IDS.test(raw)) throw new BadRequestException({ field: 'project_id', detail: 'project_id must be one or more comma-separated non-negative integers' });
  return raw.split(',').map(Number);
}

function positiveInt(raw: string | undefined, field: string, fallback?: number): number {
  if (raw === undefined && fallback !== undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new BadRequestException({ field, detail: `${field} must be a non-negative integer` });
  return value;
}

/**
 * Read access to this consumer's search rows. With embedded ClickHouse the
 * rows live inside this process, so this is how the demo, benchmarks and
 * operators see them; with CLICKHOUSE_URL any client can query the server.
 */
@Controller('search-issues')
export class SearchIssuesController {
  constructor(private readonly resources: IngestResources) {}

  @Get()
  list(
    @Query('project_id') projectId?: string,
    @Query('type') type?: string,
    @Query('event_id') eventIds?: string,
    @Query('limit') limit?: string,
  ): Promise<SearchIssueRow[]> {
    const ids = eventIds ? eventIds.split(',').map((id) => id.trim().replace(/-/g, '').toLowerCase()) : [];
    if (ids.some((id) => !HEX_ID.test(id))) throw new BadRequestException({ field: 'event_id', detail: 'event_id must be comma-separated UUIDs' });
    return listSearchIssues(this.resources.clickhouse, {
      projectIds: projectIdList(projectId),
      type: type === undefined ? undefined : positiveInt(type, 'type'),
      eventIds: ids,
      limit: Math.min(positiveInt(limit, 'limit', 100), 10000),
    });
  }
}
