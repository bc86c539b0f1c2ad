import { Controller, Get, Inject, Options, Post, Req, Res } from '@nestjs/common';
import { FeedbackCreationSource, normalizeEventId, type UserReportInvalidReason } from '@issuestream/feedback';
import { PROJECT_ALLOWED_ORIGINS, type ProjectInfo } from '@issuestream/storage';
import { isEnvelopeError, parseDsn } from '@issuestream/envelopes';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiResources } from './api-resources';
import { dialogConfig, renderDialogScript } from './error-page-script';
import { reportRequests } from './metrics';
import { isAllowedOrigin, requestOrigin } from './origin';
import { checkReportBody } from './report-fields';
import { ReportIntake } from './report-intake';
import type { RawBody } from './raw-body';
import { parseBody } from './request-body';
import { API_CONFIG } from './tokens';
import type { ApiConfig } from './config';

const INVALID_PARAMETER = 'Missing or invalid parameter.';
const CORS_ALLOW_HEADERS = 'Content-Type, Authorization, X-Requested-With, baggage, sentry-trace';

type Context = Record<string, unknown>;
type Checked = { ok: true; project: ProjectInfo; eventId: string } | { ok: false; status: number; context: Context; reason: string };

const firstValues = (query: unknown): Record<string, string | undefined> =>
  Object.fromEntries(Object.entries((query ?? {}) as Record<string, unknown>).map(([k, v]) => [k, Array.isArray(v) ? String(v[0]) : typeof v === 'string' ? v : undefined]));

/** Which form field a save_userreport refusal is about, so the dialog can mark it. */
const FIELD_OF_REASON: Partial<Record<UserReportInvalidReason, string>> = { 'too_large.name': 'name', 'too_large.email': 'email' };

/**
 * The crash-report dialog `/api/embed/error-page/`: GET serves the script
 * `showReportDialog()` injects, POST takes its form. Every method checks the
 * event id (400), the DSN (404) and the page's origin against the project's
 * `sentry:origins` (403) first.
 */
@Controller('api/embed/error-page')
export class ErrorPageController {
  constructor(
    private readonly resources: ApiResources,
    private readonly intake: ReportIntake,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  @Options()
  async preflight(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const checked = await this.check(req);
    this.smart(req, reply, checked.ok ? 200 : checked.status, checked.ok ? {} : checked.context, checked.ok ? 'preflight' : checked.reason);
  }

  @Get()
  async script(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const checked = await this.check(req);
    if (!checked.ok) return this.smart(req, reply, checked.status, checked.context, checked.reason);
    const endpoint = `${req.protocol}://${req.headers.host ?? req.hostname}${req.url}`;
    reportRequests.inc({ endpoint: 'error-page', status: '200', reason: 'script' });
    void reply
      .code(200)
      .headers({ 'content-type': 'text/javascript; charset=utf-8', 'access-control-allow-origin': '*', 'cache-control': 'no-store' })
      .send(renderDialogScript(dialogConfig(endpoint, firstValues(req.query))));
  }

  @Post()
  async submit(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const checked = await this.check(req);
    if (!checked.ok) return this.smart(req, reply, checked.status, checked.context, checked.reason);
    const parsed = parseBody(req.body as RawBody | undefined, req.headers['content-type'], this.config.API_MAX_BODY_BYTES);
    if (!parsed.ok) return this.smart(req, reply, parsed.status, { errors: { body: [parsed.detail] } }, 'malformed');
    const form = checkReportBody(parsed.fields, false);
    if (!form.ok) return this.smart(req, reply, 400, { errors: form.errors }, 'invalid_field');
    const result = await this.intake.submit(checked.project, { eventId: checked.eventId, ...form.body }, FeedbackCreationSource.CRASH_REPORT_EMBED_FORM);
    switch (result.kind) {
      case 'denylisted':
        return this.smart(req, reply, 403, {}, 'denylist');
      case 'invalid':
        return this.smart(req, reply, 400, { errors: { [FIELD_OF_REASON[result.reason] ?? 'comments']: [result.display] } }, result.reason);
      case 'conflict':
      case 'event_too_old':
        return this.smart(req, reply, 409, { detail: 'Feedback for this event cannot be modified.' }, result.kind);
      default:
        return this.smart(req, reply, 200, {}, result.kind);
    }
  }

  private async check(req: FastifyRequest): Promise<Checked> {
    const query = firstValues(req.query);
    const eventId = query['eventId'] ? normalizeEventId(query['eventId']) : null;
    if (eventId === null) return { ok: false, status: 400, context: { eventId: INVALID_PARAMETER }, reason: 'event_id' };
    const project = await this.projectOfDsn(query['dsn']);
    if (!project) return { ok: false, status: 404, context: { dsn: INVALID_PARAMETER }, reason: 'dsn' };
    const allowed = await this.resources.tenants.getProjectOption(project.id, PROJECT_ALLOWED_ORIGINS);
    if (!isAllowedOrigin(requestOrigin(req.headers), allowed)) return { ok: false, status: 403, context: {}, reason: 'origin' };
    return { ok: true, project, eventId };
  }

  private async projectOfDsn(dsnText: string | undefined): Promise<ProjectInfo | undefined> {
    if (!dsnText) return undefined;
    let dsn: { publicKey: string; projectId: number };
    try {
      dsn = parseDsn(dsnText);
    } catch (error) {
      if (isEnvelopeError(error)) return undefined;
      throw error;
    }
    const key = await this.resources.tenants.getProjectKey(dsn.publicKey);
    if (!key || !key.isActive || key.projectId !== dsn.projectId) return undefined;
    return this.resources.tenants.getProject(key.projectId);
  }

  /**
   * The reference's answer shape: a script loader (Accept: text/javascript)
   * gets an empty script and the context in `X-Sentry-Context`; anyone else
   * gets the context as JSON. CORS echoes the page's origin.
   */
  private smart(req: FastifyRequest, reply: FastifyReply, status: number, context: Context, reason: string): void {
    reportRequests.inc({ endpoint: 'error-page', status: String(status), reason });
    const asScript = (req.headers.accept ?? '').includes('text/javascript');
    const hasContext = Object.keys(context).length > 0;
    void reply
      .code(status)
      .headers({
        'access-control-allow-origin': req.headers.origin ?? '',
        'access-control-allow-methods': 'GET, POST, OPTIONS',
        'access-control-max-age': '1000',
        'access-control-allow-headers': CORS_ALLOW_HEADERS,
        vary: 'Accept',
        ...(asScript ? { 'content-type': 'text/javascript; charset=utf-8', ...(hasContext ? { 'x-sentry-context': JSON.stringify(context) } : {}) } : { 'content-type': 'application/json' }),
      })
      .send(asScript ? '' : JSON.stringify(context));
  }
}
