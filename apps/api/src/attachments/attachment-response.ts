import type { StoredEventAttachment } from '@issuestream/attachments-data';
import type { ListQuery } from './attachment-params';

/** One attachment as the reference's API shows it. */
export interface AttachmentItem {
  id: string;
  event_id: string;
  type: string;
  name: string;
  mimetype: string;
  dateCreated: string;
  size: number;
  headers: { 'Content-Type': string };
  sha1: string;
}

export function attachmentItem(attachment: StoredEventAttachment): AttachmentItem {
  return {
    id: String(attachment.id),
    event_id: attachment.eventId,
    type: attachment.type,
    name: attachment.name,
    mimetype: attachment.contentType,
    dateCreated: attachment.dateAdded.toISOString(),
    size: attachment.size,
    headers: { 'Content-Type': attachment.contentType },
    sha1: attachment.sha1,
  };
}

/** The page of `attachments` (already in name order) the query asks for, and whether more follow. */
export function pageOf(attachments: readonly StoredEventAttachment[], query: ListQuery): { page: StoredEventAttachment[]; more: boolean } {
  const needle = query.nameContains?.toLowerCase() ?? null;
  const matching = needle === null ? attachments : attachments.filter((a) => a.name.toLowerCase().includes(needle));
  return { page: matching.slice(query.offset, query.offset + query.limit), more: matching.length > query.offset + query.limit };
}

/** The reference's Link header: previous and next cursors, each with whether it has results. */
export function linkHeader(url: URL, query: ListQuery, more: boolean): string {
  const link = (offset: number, rel: 'previous' | 'next', results: boolean) => {
    const cursor = `${query.limit}:${offset}:0`;
    const target = new URL(url);
    target.searchParams.set('cursor', cursor);
    return `<${target.toString()}>; rel="${rel}"; results="${results}"; cursor="${cursor}"`;
  };
  return [link(Math.max(0, query.offset - query.limit), 'previous', query.offset > 0), link(query.offset + query.limit, 'next', more)].join(', ');
}

/**
 * `Content-Disposition: attachment` with the file name: an ASCII fallback
 * (quotes, backslashes and control or non-ASCII characters replaced) and the
 * exact name in RFC 5987 form.
 */
export function contentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\]/g, '_') || 'attachment';
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
