import { feedbackShim, type ShimUserReports, type UpdateUserReportsDeps } from '@issuestream/error-post-process';
import { errorStoreEventLookup } from '@issuestream/feedback';
import type { MessageProducer } from '@issuestream/kafka';
import type { SchemaCodec } from '@issuestream/schemas';
import type { TenantStore } from '@issuestream/storage';
import type { Pool } from 'pg';
import type { ErrorsConfig } from './errors.config';

/** What linking user reports needs: the feedback shim and, for the job, the stored error events. */
export class UserReportLinking {
  private constructor(
    readonly shim: ShimUserReports,
    readonly job: UpdateUserReportsDeps,
  ) {}

  static create(stores: { pool: Pool; tenants: TenantStore; producer: MessageProducer; codec: SchemaCodec }, config: Pick<ErrorsConfig, 'OCCURRENCES_TOPIC' | 'OUTCOMES_TOPIC'>): UserReportLinking {
    const { pool, tenants, producer, codec } = stores;
    const shim = feedbackShim({ tenants, producer, codec, occurrencesTopic: config.OCCURRENCES_TOPIC, outcomesTopic: config.OUTCOMES_TOPIC, outcomeSource: 'post-process' });
    return new UserReportLinking(shim, { pool, tenants, events: errorStoreEventLookup(pool, tenants), shim });
  }
}
