import { BadRequestException, Controller, Get, Query } from '@nestjs/common';
import { parseStatsRequest, queryOutcomeStats, type StatsQuery, type StatsResponse } from '@issuestream/outcomes-data';
import { OutcomeResources } from './outcome-resources';

/**
 * GET /outcome-stats?org_id=N&<stats_v2 parameters>: the counts behind the
 * api's `stats_v2`, served here because this process owns the ClickHouse data
 * (embedded chDB is one process per directory). Internal: no auth, the api
 * checks the caller's organisation and passes its id.
 */
@Controller('outcome-stats')
export class OutcomeStatsController {
  constructor(private readonly resources: OutcomeResources) {}

  @Get()
  stats(@Query() query: StatsQuery): Promise<StatsResponse> {
    const org = String(query['org_id'] ?? '');
    if (!/^\d{1,18}$/.test(org)) throw new BadRequestException({ detail: 'org_id: an organisation id is required', field: 'org_id' });
    const parsed = parseStatsRequest(query);
    if (!parsed.ok) throw new BadRequestException({ detail: parsed.detail, field: parsed.field });
    return queryOutcomeStats(this.resources.clickhouse, Number(org), parsed.request);
  }
}
