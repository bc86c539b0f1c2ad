import { Controller, Get, Inject, Req, Res, UseGuards } from '@nestjs/common';
import { EVENT_ATTACHMENTS_FEATURE } from '@issuestream/attachments';
import { BlobNotFoundError } from '@issuestream/blob-store';
import { feedbackEventGroups, storedErrorEvents } from '@issuestream/issues-data';
import type { ProjectInfo } from '@issuestream/storage';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiResources } from '../api-resources';
import { Caller, OrgScopes, OrgTokenGuard, type OrgCaller } from '../auth/org-token.guard';
import { attachmentRequests } from '../metrics';
import { parseAttachmentId, parseEventId, parseListQuery, type ParamError } from './attachment-params';
import { attachmentItem, contentDisposition, linkHeader, pageOf } from './attachment-response';

const NOT_FOUND = 'The requested resource does not exist';

const params = (req: FastifyRequest): Record<string, string> =>
  Object.fromEntries(Object.entries((req.params ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v ?? '')]));
const query = (req: FastifyRequest): Record<string, string | undefined> =>
  Object.fromEntries(Object.entries((req.query ?? {}) as Record<string, unknown>).map(([k, v]) => [k, Array.isArray(v) ? String(v[0]) : typeof v === 'string' ? v : undefined]));

/**
 * An event's attachments: the list and each one's metadata or bytes
 * (`?download`), streamed from the blob store. Organisation tokens with
 * `project:read` or `project:write`; the token's organisation must be the
 * path's, the project must be in it, and an attachment is only found through
 * its own project and event.
 */
@Controller('api/0/projects/:org/:project/events/:event_id/attachments')
@UseGuards(OrgTokenGuard)
@OrgScopes('project:read', 'project:write')
export class AttachmentsController {
  constructor(@Inject(ApiResources) private readonly resources: ApiResources) {}

  @Get()
  async list(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Caller() caller: OrgCaller): Promise<void> {
    const eventId = parseEventId(params(req)['event_id'] ?? '');
    if (!eventId.ok) return this.refuse(reply, 'list', eventId.error);
    const listQuery = parseListQuery(query(req));
    if (!listQuery.ok) return this.refuse(reply, 'list', listQuery.error);
    const project = await this.project(req, caller);
    if (!project) return this.notFound(reply, 'list', NOT_FOUND);
    const attachments = await this.resources.attachments.listByEvent(project.id, eventId.value);
    if (attachments.length === 0 && !(await this.eventKnown(project.id, eventId.value))) return this.notFound(reply, 'list', 'Event not found');
    const { page, more } = pageOf(attachments, listQuery.value);
    attachmentRequests.inc({ endpoint: 'list', status: '200' });
    const url = new URL(req.url, `${req.protocol}://${req.headers.host ?? req.hostname}`);
    void reply.code(200).headers({ 'content-type': 'application/json', link: linkHeader(url, listQuery.value, more) }).send(JSON.stringify(page.map(attachmentItem)));
  }

  @Get(':attachment_id')
  async one(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Caller() caller: OrgCaller): Promise<void> {
    const download = query(req)['download'] !== undefined;
    const endpoint = download ? 'download' : 'details';
    const eventId = parseEventId(params(req)['event_id'] ?? '');
    if (!eventId.ok) return this.refuse(reply, endpoint, eventId.error);
    const id = parseAttachmentId(params(req)['attachment_id'] ?? '');
    if (!id.ok) return this.refuse(reply, endpoint, id.error);
    const project = await this.project(req, caller);
    if (!project) return this.notFound(reply, endpoint, NOT_FOUND);
    const attachment = await this.resources.attachments.get(project.id, id.value);
    if (!attachment || attachment.eventId !== eventId.value) return this.notFound(reply, endpoint, NOT_FOUND);
    if (!download) {
      attachmentRequests.inc({ endpoint, status: '200' });
      return void reply.code(200).header('content-type', 'application/json').send(JSON.stringify(attachmentItem(attachment)));
    }
    let body: NodeJS.ReadableStream | Buffer = Buffer.alloc(0);
    if (attachment.blobKey !== null) {
      try {
        body = await this.resources.blobs.get(attachment.blobKey);
      } catch (error) {
        if (error instanceof BlobNotFoundError) return this.notFound(reply, endpoint, 'The attachment’s file is missing');
        throw error;
      }
    }
    attachmentRequests.inc({ endpoint, status: '200' });
    void reply
      .code(200)
      .headers({
        'content-type': attachment.contentType,
        'content-length': String(attachment.size),
        'content-disposition': contentDisposition(attachment.name),
        // Uploaded bytes are never rendered as the api's own content.
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
      })
      .send(body);
  }

  /** The path's project, within the token's organisation, with attachments enabled; else undefined (404). */
  private async project(req: FastifyRequest, caller: OrgCaller): Promise<ProjectInfo | undefined> {
    const { tenants } = this.resources;
    const project = await tenants.getProjectBySlug(caller.organization.slug, params(req)['project'] ?? '');
    if (!project || project.organizationId !== caller.organization.id) return undefined;
    return (await tenants.hasFeature(project.organizationId, EVENT_ATTACHMENTS_FEATURE)) ? project : undefined;
  }

  /** An error event or a feedback stored under this id. */
  private async eventKnown(projectId: number, eventId: string): Promise<boolean> {
    const key = { projectId, eventId };
    const [errors, feedback] = await Promise.all([storedErrorEvents(this.resources.pool, [key]), feedbackEventGroups(this.resources.pool, [key])]);
    return errors.size > 0 || feedback.length > 0;
  }

  private refuse(reply: FastifyReply, endpoint: string, error: ParamError): void {
    attachmentRequests.inc({ endpoint, status: '400' });
    void reply.code(400).header('content-type', 'application/json').send(JSON.stringify({ detail: error.detail, field: error.field }));
  }

  private notFound(reply: FastifyReply, endpoint: string, detail: string): void {
    attachmentRequests.inc({ endpoint, status: '404' });
    void reply.code(404).header('content-type', 'application/json').send(JSON.stringify({ detail }));
  }
}
