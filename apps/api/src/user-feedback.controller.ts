import { Controller, Inject, Post, Req, Res } from '@nestjs/common';
import { DUPLICATE_USER_REPORT, FeedbackCreationSource } from '@issuestream/feedback';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiResources } from './api-resources';
import { authenticateDsn } from './dsn-auth';
import { reportRequests } from './metrics';
import { checkReportBody } from './report-fields';
import { ReportIntake } from './report-intake';
import type { RawBody } from './raw-body';
import { parseBody } from './request-body';
import { API_CONFIG } from './tokens';
import type { ApiConfig } from './config';

const CANNOT_MODIFY = 'Feedback for this event cannot be modified.';

type Answer = { status: number; body: Record<string, unknown> | null; reason: string };

const param = (req: FastifyRequest, name: string): string => String((req.params as Record<string, unknown>)[name] ?? '');

/**
 * The deprecated `POST /api/0/projects/{org}/{project}/user-feedback/` (also
 * `/user-reports/`): DSN auth scoped to the path's project, the reference's
 * field checks, then save_userreport with the endpoint's source.
 */
@Controller('api/0/projects/:org/:project')
export class UserFeedbackController {
  constructor(
    private readonly resources: ApiResources,
    private readonly intake: ReportIntake,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  @Post(['user-feedback', 'user-reports'])
  async submit(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const answer = await this.answer(req);
    reportRequests.inc({ endpoint: 'user-feedback', status: String(answer.status), reason: answer.reason });
    void reply.code(answer.status).header('content-type', 'application/json').send(answer.body === null ? '' : JSON.stringify(answer.body));
  }

  private async answer(req: FastifyRequest): Promise<Answer> {
    const { tenants } = this.resources;
    const auth = await authenticateDsn(req.headers.authorization, tenants);
    if (!auth.ok) return { status: 401, body: { detail: auth.detail }, reason: 'auth' };
    const project = await tenants.getProjectBySlug(param(req, 'org'), param(req, 'project'));
    if (!project) return { status: 404, body: { detail: 'The requested resource does not exist' }, reason: 'unknown_project' };
    // A key only ever speaks for its own project, whatever the path names.
    if (project.id !== auth.key.projectId) return { status: 401, body: { detail: 'Invalid dsn' }, reason: 'other_project' };
    const parsed = parseBody(req.body as RawBody | undefined, req.headers['content-type'], this.config.API_MAX_BODY_BYTES);
    if (!parsed.ok) return { status: parsed.status, body: { detail: parsed.detail, field: 'body' }, reason: 'malformed' };
    const checked = checkReportBody(parsed.fields, true);
    if (!checked.ok) return { status: 400, body: checked.errors, reason: 'invalid_field' };
    const { event_id: eventId, name, email, comments } = checked.body;
    const result = await this.intake.submit(project, { eventId, name, email, comments }, FeedbackCreationSource.USER_REPORT_DJANGO_ENDPOINT);
    switch (result.kind) {
      case 'denylisted':
        return { status: 403, body: { detail: 'You do not have permission to perform this action.' }, reason: 'denylist' };
      case 'invalid':
        return { status: 400, body: { detail: result.display }, reason: result.reason };
      case 'conflict':
        return { status: 409, body: { detail: CANNOT_MODIFY }, reason: DUPLICATE_USER_REPORT.reason };
      case 'event_too_old':
        return { status: 409, body: { detail: CANNOT_MODIFY }, reason: 'event_too_old' };
      default:
        // With DSN auth the reference answers 200 with an empty body.
        return { status: 200, body: null, reason: result.kind };
    }
  }
}
