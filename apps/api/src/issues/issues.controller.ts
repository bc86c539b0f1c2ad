import { Controller, Get, HttpException, Inject, Put, Req, Res, UseGuards } from '@nestjs/common';
import {
  InvalidIssueRequest, latestEvent, linkHeader, parseIssueSearch, parseIssueUpdate, updateIssues, type Viewer,
} from '@issuestream/issue-search';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiResources } from '../api-resources';
import { Caller, OrgScopes, OrgTokenGuard, type OrgCaller } from '../auth/org-token.guard';
import type { ApiConfig } from '../config';
import type { RawBody } from '../raw-body';
import { parseBody } from '../request-body';
import { API_CONFIG } from '../tokens';
import { IssueResources } from './issue-resources';

const NOT_FOUND = { detail: 'The requested resource does not exist' };

type Query = Record<string, string | string[] | undefined>;

/** 400 `{detail, field}` for a request the caller got wrong; anything else propagates. */
async function answering<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof InvalidIssueRequest) throw new HttpException({ detail: error.message, field: error.field }, 400);
    throw error;
  }
}

function issueId(raw: string): number {
  if (!/^\d{1,15}$/.test(raw)) throw new HttpException(NOT_FOUND, 404);
  return Number(raw);
}

/**
 * The issue stream and issue updates of one organisation
 * (`/api/0/organizations/{org}/issues/…`), for organisation tokens: reads need
 * `org:read` or `project:read`, updates `project:write`. Seen state belongs to
 * the calling token.
 */
@Controller('api/0/organizations/:org/issues')
@UseGuards(OrgTokenGuard)
export class IssuesController {
  constructor(
    private readonly api: ApiResources,
    private readonly issues: IssueResources,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  @Get()
  @OrgScopes('org:read', 'project:read')
  async list(@Caller() caller: OrgCaller, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown[]> {
    return answering(async () => {
      const request = parseIssueSearch(req.query as Query, Date.now());
      const page = await this.issues.search.search(await this.viewer(caller), request);
      const url = new URL(req.url, `${req.protocol}://${req.headers.host ?? 'localhost'}`);
      const start = request.cursor ? `${request.cursor.key.lastSeen}:${request.cursor.key.groupId}:0` : '0:0:0';
      void reply.header('link', linkHeader(url, { cursor: start, results: false }, page.next));
      return page.issues;
    });
  }

  @Put()
  @OrgScopes('project:write')
  async bulkUpdate(@Caller() caller: OrgCaller, @Req() req: FastifyRequest): Promise<unknown> {
    const raw = (req.query as Query)['id'];
    const ids = (raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]).map((id) => {
      if (!/^\d{1,15}$/.test(id)) throw new HttpException({ detail: `id: not an issue id: "${id}"`, field: 'id' }, 400);
      return Number(id);
    });
    // The reference would update every issue matching the query; only explicit ids are supported here.
    if (ids.length === 0) throw new HttpException({ detail: 'id: give the issues to update as ?id=…&id=…', field: 'id' }, 400);
    return this.update(caller, req, ids);
  }

  @Get(':id')
  @OrgScopes('org:read', 'project:read')
  async get(@Caller() caller: OrgCaller, @Req() req: FastifyRequest): Promise<unknown> {
    const issue = await this.issues.search.get(await this.viewer(caller), issueId(this.param(req, 'id')));
    if (!issue) throw new HttpException(NOT_FOUND, 404);
    return issue;
  }

  @Put(':id')
  @OrgScopes('project:write')
  async updateOne(@Caller() caller: OrgCaller, @Req() req: FastifyRequest): Promise<unknown> {
    return this.update(caller, req, [issueId(this.param(req, 'id'))]);
  }

  @Get(':id/events/latest')
  @OrgScopes('org:read', 'project:read')
  async latest(@Caller() caller: OrgCaller, @Req() req: FastifyRequest): Promise<unknown> {
    const event = await latestEvent(this.issues.latestEvent, await this.viewer(caller), issueId(this.param(req, 'id')));
    if (!event) throw new HttpException(NOT_FOUND, 404);
    return event;
  }

  private async update(caller: OrgCaller, req: FastifyRequest, ids: number[]): Promise<unknown> {
    const parsed = parseBody(req.body as RawBody | undefined, req.headers['content-type'], this.config.API_MAX_BODY_BYTES);
    if (!parsed.ok) throw new HttpException({ detail: parsed.detail, field: 'body' }, parsed.status);
    return answering(async () => {
      const answer = await updateIssues(this.api.pool, await this.viewer(caller), ids, parseIssueUpdate(parsed.fields));
      if (!answer) throw new HttpException(NOT_FOUND, 404);
      return answer;
    });
  }

  private async viewer(caller: OrgCaller): Promise<Viewer> {
    return { viewerId: caller.token.id, projects: await this.api.tenants.listOrganizationProjects(caller.organization.id) };
  }

  private param(req: FastifyRequest, name: string): string {
    return String((req.params as Record<string, unknown>)[name] ?? '');
  }
}
