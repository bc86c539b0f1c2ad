import { Controller, Get, Query, Res, UseGuards } from '@nestjs/common';
import { parseStatsRequest, type StatsQuery } from '@issuestream/outcomes-data';
import type { FastifyReply } from 'fastify';
import { Caller, OrgScopes, OrgTokenGuard, type OrgCaller } from '../auth/org-token.guard';
import { StatsResources } from './stats-resources';

/**
 * `GET /api/0/organizations/{org}/stats_v2/` (organisation token with
 * `org:read`): outcome counts of one organisation, as the reference's usage
 * stats answer them. Parameters are checked here (400 naming the field);
 * the counts come from ingest-outcomes, which owns the ClickHouse table, for
 * the token's organisation only (the id is set here, never taken from the
 * caller's query).
 */
@Controller('api/0/organizations/:org')
export class OutcomeStatsController {
  constructor(private readonly stats: StatsResources) {}

  @Get('stats_v2')
  @UseGuards(OrgTokenGuard)
  @OrgScopes('org:read')
  async statsV2(@Caller() caller: OrgCaller, @Query() query: StatsQuery, @Res() reply: FastifyReply): Promise<void> {
    const parsed = parseStatsRequest(query);
    if (!parsed.ok) {
      void reply.code(400).send({ detail: parsed.detail, field: parsed.field });
      return;
    }
    const url = new URL('/outcome-stats', this.stats.outcomesStatsUrl);
    for (const [name, value] of Object.entries(query)) {
      if (name === 'org_id' || value === undefined) continue;
      for (const one of typeof value === 'string' ? [value] : value) url.searchParams.append(name, one);
    }
    url.searchParams.set('org_id', String(caller.organization.id));
    try {
      const answer = await fetch(url, { signal: AbortSignal.timeout(this.stats.outcomesStatsTimeoutMs) });
      void reply.code(answer.ok ? 200 : answer.status >= 500 ? 503 : answer.status).header('content-type', 'application/json').send(await answer.text());
    } catch {
      void reply.code(503).send({ detail: 'outcome stats are unavailable' });
    }
  }
}
