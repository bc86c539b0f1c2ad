import { BadRequestException, Body, Controller, HttpCode, Post } from '@nestjs/common';
import { answerLatest, answerRank, latestRequestSchema, parseStreamRequest, rankRequestSchema } from '@issuestream/issue-search';
import type { LatestOccurrence, RankedIssues } from '@issuestream/issues-data';
import { IngestResources } from './ingest-resources';

/**
 * The issue stream's ClickHouse reads for the api (`libs/issue-search`):
 * with embedded ClickHouse this process alone can read its search rows.
 * Internal: deployments route only `/api/…` to the api, never to this port.
 */
@Controller('issue-stream')
export class IssueStreamController {
  constructor(private readonly resources: IngestResources) {}

  @Post('rank')
  @HttpCode(200)
  rank(@Body() body: unknown): Promise<RankedIssues> {
    const parsed = parseStreamRequest(rankRequestSchema, body);
    if (!parsed.ok) throw new BadRequestException({ field: parsed.field, detail: parsed.detail });
    return answerRank(this.resources.clickhouse, parsed.request);
  }

  @Post('latest')
  @HttpCode(200)
  latest(@Body() body: unknown): Promise<LatestOccurrence[]> {
    const parsed = parseStreamRequest(latestRequestSchema, body);
    if (!parsed.ok) throw new BadRequestException({ field: parsed.field, detail: parsed.detail });
    return answerLatest(this.resources.clickhouse, parsed.request);
  }
}
