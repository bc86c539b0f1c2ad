import { Controller, Get, Param, Res, UseGuards } from '@nestjs/common';
import { readHeartbeat } from '@issuestream/sdk-heartbeat';
import type { FastifyReply } from 'fastify';
import { ApiResources } from '../api-resources';
import { OrgScopes, OrgTokenGuard } from '../auth/org-token.guard';
import { StatsResources } from './stats-resources';

/**
 * `GET /api/0/projects/{org}/{project}/sdk-heartbeat/` (organisation token
 * with `project:read` or `project:write`): whether the
 * project's SDK is connected (the reference's onboarding rule), when each
 * signal was first and last seen, and which SDKs in which environments sent
 * them. Read from what the relay recorded in Redis.
 */
@Controller('api/0/projects/:org/:project')
export class SdkHeartbeatController {
  constructor(
    private readonly api: ApiResources,
    private readonly stats: StatsResources,
  ) {}

  @Get('sdk-heartbeat')
  @UseGuards(OrgTokenGuard)
  @OrgScopes('project:read', 'project:write')
  async heartbeat(@Param('org') org: string, @Param('project') projectSlug: string, @Res() reply: FastifyReply): Promise<void> {
    const project = await this.api.tenants.getProjectBySlug(org, projectSlug);
    if (!project) {
      void reply.code(404).send({ detail: 'The requested resource does not exist' });
      return;
    }
    void reply.code(200).send(await readHeartbeat(this.stats.redis, project.id));
  }
}
