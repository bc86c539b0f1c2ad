import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { blobStoreConfigFromEnv, createBlobStore, type BlobStore } from '@issuestream/blob-store';
import { EventAttachmentStore } from '@issuestream/attachments-data';
import { ApiResources } from '../api-resources';

/** The inbox's screenshots: attachment rows (Postgres) and their bytes (the blob store ingest-attachments writes to). */
@Injectable()
export class InboxResources implements OnApplicationShutdown {
  readonly attachments: EventAttachmentStore;

  constructor(
    api: ApiResources,
    readonly blobs: BlobStore,
  ) {
    this.attachments = new EventAttachmentStore(api.pool);
  }

  static open(api: ApiResources, env: NodeJS.ProcessEnv): InboxResources {
    return new InboxResources(api, createBlobStore(blobStoreConfigFromEnv(env)));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.blobs.close();
  }
}
