import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import { authenticateOrgToken, type ApiScope } from '@issuestream/api-tokens-data';
import { BlobNotFoundError } from '@issuestream/blob-store';
import { inboxDetail, inboxItem, MAILBOXES, renderInbox, renderLogin, type InboxFilters, type Mailbox } from '@issuestream/feedback-inbox';
import { InvalidIssueRequest, latestEvent, parseIssueSearch, updateIssues, type IssueUpdate, type Viewer } from '@issuestream/issue-search';
import { GroupStatus, GroupSubStatus } from '@issuestream/issue-platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiResources } from '../api-resources';
import type { RawBody } from '../raw-body';
import { IssueResources } from '../issues/issue-resources';
import { sameOrigin, sessionToken, setSession } from './inbox-session';

const READ: ApiScope[] = ['org:read', 'project:read'];
const ACTIONS: Readonly<Record<string, IssueUpdate>> = {
  resolve: { status: { name: 'resolved', status: GroupStatus.RESOLVED, substatus: null } },
  unresolve: { status: { name: 'unresolved', status: GroupStatus.UNRESOLVED, substatus: GroupSubStatus.ONGOING } },
  spam: { status: { name: 'ignored', status: GroupStatus.IGNORED, substatus: GroupSubStatus.FOREVER } },
  notspam: { status: { name: 'unresolved', status: GroupStatus.UNRESOLVED, substatus: GroupSubStatus.ONGOING } },
  read: { hasSeen: true },
  unread: { hasSeen: false },
};
const MAILBOX_QUERY: Readonly<Record<Mailbox, string>> = { unresolved: 'status:unresolved', resolved: 'status:resolved', spam: 'status:ignored' };

type Query = Record<string, string | undefined>;
const param = (req: FastifyRequest, name: string): string => String((req.params as Record<string, unknown>)[name] ?? '');
const formFields = (req: FastifyRequest): URLSearchParams => {
  const body = req.body as RawBody | undefined;
  return new URLSearchParams(body && !body.tooLarge ? body.bytes.toString('utf8') : '');
};

/**
 * The feedback inbox (`/inbox/…`): server-rendered pages over the same
 * issue search, updates and latest-event code as the API. A person signs in
 * with an organisation token, kept in an HttpOnly, SameSite=Strict cookie
 * (`/inbox/login?token=…` also works, for the link `npm start` prints);
 * actions are form posts that redirect back (303), so the page needs no script.
 */
@Controller('inbox')
export class InboxController {
  constructor(
    private readonly api: ApiResources,
    private readonly issues: IssueResources,
  ) {}

  @Get()
  async home(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const token = await this.tokenOrg(sessionToken(req));
    if (token) return void reply.code(303).header('location', `/inbox/${encodeURIComponent(token.slug)}/`).send();
    this.html(reply, 200, renderLogin(null));
  }

  @Get('login')
  async loginLink(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.signIn((req.query as Query)['token'], reply);
  }

  @Post('login')
  async login(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.signIn(formFields(req).get('token') ?? undefined, reply);
  }

  @Post('logout')
  logout(@Res() reply: FastifyReply): void {
    setSession(reply, null);
    void reply.code(303).header('location', '/inbox/').send();
  }

  @Get(':org')
  async page(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const viewer = await this.viewer(req, reply, READ);
    if (!viewer) return;
    const query = req.query as Query;
    const filters: InboxFilters = {
      mailbox: (MAILBOXES as readonly string[]).includes(query['mailbox'] ?? '') ? (query['mailbox'] as Mailbox) : 'unresolved',
      project: /^\d+$/.test(query['project'] ?? '') ? (query['project'] ?? '') : '',
      query: (query['query'] ?? '').slice(0, 200),
    };
    let request;
    try {
      request = parseIssueSearch({
        query: `issue.category:feedback ${MAILBOX_QUERY[filters.mailbox]} ${filters.query}`, project: filters.project || undefined,
        statsPeriod: '90d', limit: '25', cursor: query['cursor'],
      }, Date.now());
    } catch (error) {
      if (!(error instanceof InvalidIssueRequest)) throw error;
      return this.html(reply, 400, `<p>${error.message}</p>`);
    }
    const found = await this.issues.search.search(viewer.viewer, request).catch((error: unknown) => {
      if (error instanceof InvalidIssueRequest) return null;
      throw error;
    });
    const selectedId = /^\d{1,15}$/.test(query['feedback'] ?? '') ? Number(query['feedback']) : null;
    let detail = null;
    if (selectedId !== null) {
      const issue = await this.issues.search.get(viewer.viewer, selectedId);
      if (issue) {
        // Opening a feedback reads it, as in the reference's UI.
        await updateIssues(this.api.pool, viewer.viewer, [selectedId], { hasSeen: true });
        issue['hasSeen'] = true;
        detail = inboxDetail(issue, await latestEvent(this.issues.latestEvent, viewer.viewer, selectedId));
      }
    }
    const items = (found?.issues ?? []).map(inboxItem).map((i) => (i.id === detail?.item.id ? { ...i, unread: false } : i));
    this.html(reply, 200, renderInbox({
      org: viewer.slug, projects: viewer.viewer.projects.map((p) => ({ id: p.id, slug: p.slug })), filters, items,
      next: found?.next.results ? found.next.cursor : null, detail, canWrite: viewer.canWrite,
    }));
  }

  @Post(':org/feedback/:id')
  async act(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    if (!sameOrigin(req)) return this.html(reply, 403, '<p>Cross-origin form refused.</p>');
    const viewer = await this.viewer(req, reply, ['project:write']);
    if (!viewer) return;
    const form = formFields(req);
    const update = ACTIONS[form.get('action') ?? ''];
    const id = param(req, 'id');
    if (!update || !/^\d{1,15}$/.test(id)) return this.html(reply, 400, '<p>Unknown action.</p>');
    const done = await updateIssues(this.api.pool, viewer.viewer, [Number(id)], update);
    if (!done) return this.html(reply, 404, '<p>No such feedback.</p>');
    const back = new URLSearchParams(form.get('return') ?? '');
    void reply.code(303).header('location', `/inbox/${encodeURIComponent(viewer.slug)}/?${back.toString()}`).send();
  }

  @Get(':org/attachments/:project/:id')
  async attachment(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const viewer = await this.viewer(req, reply, READ);
    if (!viewer) return;
    const projectId = Number(param(req, 'project'));
    const id = Number(param(req, 'id'));
    const own = viewer.viewer.projects.some((p) => p.id === projectId);
    const attachment = own && Number.isSafeInteger(id) ? await this.api.attachments.get(projectId, id) : null;
    if (!attachment || !attachment.blobKey) return this.html(reply, 404, '<p>No such attachment.</p>');
    try {
      const body = await this.api.blobs.get(attachment.blobKey);
      const inline = /^image\/(png|jpeg|gif|webp)$/.test(attachment.contentType);
      void reply
        .header('content-type', inline ? attachment.contentType : 'application/octet-stream')
        .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename="${attachment.name.replace(/["\\\r\n]/g, '_')}"`)
        .header('x-content-type-options', 'nosniff')
        .send(body);
    } catch (error) {
      if (error instanceof BlobNotFoundError) return this.html(reply, 404, '<p>The attachment\'s bytes are gone.</p>');
      throw error;
    }
  }

  private async signIn(secret: string | undefined, reply: FastifyReply): Promise<void> {
    const org = await this.tokenOrg(secret);
    if (!org || !secret) return this.html(reply, 401, renderLogin('That token is unknown or revoked.'));
    setSession(reply, secret);
    void reply.code(303).header('location', `/inbox/${encodeURIComponent(org.slug)}/`).send();
  }

  private async tokenOrg(secret: string | undefined): Promise<{ slug: string } | undefined> {
    if (!secret) return undefined;
    const token = await this.api.apiTokens.findBySecret(secret);
    return token ? this.api.tenants.getOrganization(token.organizationId) : undefined;
  }

  /** The signed-in person for the route's organisation, or an answer already sent (sign-in page, 403, 404). */
  private async viewer(req: FastifyRequest, reply: FastifyReply, scopes: ApiScope[]): Promise<{ viewer: Viewer; slug: string; canWrite: boolean } | undefined> {
    const auth = await authenticateOrgToken(sessionToken(req), param(req, 'org'), scopes, {
      tokens: this.api.apiTokens,
      organizationBySlug: (slug) => this.api.tenants.getOrganizationBySlug(slug),
    });
    if (!auth.ok) {
      if (auth.status === 401) this.html(reply, 401, renderLogin(null));
      else this.html(reply, auth.status, `<p>${auth.detail}</p><p><a href="/inbox/">Sign in with another token</a></p>`);
      return undefined;
    }
    const projects = await this.api.tenants.listOrganizationProjects(auth.organization.id);
    return {
      viewer: { viewerId: auth.token.id, projects },
      slug: auth.organization.slug,
      canWrite: auth.token.scopes.includes('project:write'),
    };
  }

  private html(reply: FastifyReply, status: number, body: string): void {
    void reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
  }
}
