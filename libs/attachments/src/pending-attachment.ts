import type { AttachmentRef } from './chunk-store';

/** Where an attachment's bytes are when its message arrives. */
export type AttachmentContent =
  | { readonly kind: 'inline'; readonly data: Buffer }
  | { readonly kind: 'chunks'; readonly count: number }
  /** Uploaded by a newer Relay to its object store; we run none, so there is nothing to fetch it from. */
  | { readonly kind: 'stored'; readonly storedId: string };

/** An attachment to store, from an `attachment` message or an `event` message's list. */
export interface PendingAttachment {
  readonly ref: AttachmentRef;
  readonly organizationId: number;
  readonly name: string;
  /** As sent (may carry parameters or be absent). */
  readonly contentType: string | null;
  readonly type: string;
  /** As Relay declared it; the stored size is what actually arrived. */
  readonly declaredSize: number | null;
  readonly content: AttachmentContent;
  /** The event's issue when known at write time (the event came in the same message). */
  readonly groupId: number | null;
}

export const chunkCount = (content: AttachmentContent): number => (content.kind === 'chunks' ? content.count : 0);
