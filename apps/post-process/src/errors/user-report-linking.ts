import { errorStoreEventLookup } from '@issuestream/feedback';
import { feedbackShim, type ShimUserReports, type UpdateUserReportsDeps } from '@issuestream/error-post-process';
import type { PostProcessResources } from '../post-process-resources';
import type { ErrorsConfig } from './errors.config';

/** What linking user reports needs: the feedback shim and, for the job, the stored error events. */
export class UserReportLinking {
  private constructor(
    readonly shim: ShimUserReports,
    readonly job: UpdateUserReportsDeps,
  ) {}

  static create(resources: PostProcessResources, config: ErrorsConfig): UserReportLinking {
    const { pool, tenants, producer, codec } = resources;
    const shim = feedbackShim({ tenants, producer, codec, occurrencesTopic: config.OCCURRENCES_TOPIC, outcomesTopic: config.OUTCOMES_TOPIC, outcomeSource: 'post-process' });
    return new UserReportLinking(shim, { pool, tenants, events: errorStoreEventLookup(pool, tenants), shim });
  }
}
