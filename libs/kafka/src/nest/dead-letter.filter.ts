import { Catch, type ArgumentsHost, type RpcExceptionFilter } from '@nestjs/common';
import { EMPTY, type Observable } from 'rxjs';
import { describeError, isInvalidMessage } from '../errors';
import { KafkaBatchContext } from './kafka-batch.context';

export interface DeadLetterVerdict {
  reason: string;
  detail: string;
}

/**
 * Maps what a batch handler throws to the runtime's two outcomes. A permanent
 * error (by default any invalid-message error, recognised by shape) sends
 * every message of the failed call to `<topic>-dlq` with the error's reason,
 * and the batch counts as done. Anything else is rethrown untouched, so the
 * runtime pauses the partition and retries the batch.
 *
 * The transport installs it for every handler. To map another typed error to a
 * reason, extend it for that class and put it on the controller:
 *
 *   @Catch(UnknownTenantError)
 *   class UnknownTenantFilter extends DeadLetterFilter {
 *     protected override verdict(error: unknown) { return { reason: 'unknown_tenant', detail: String(error) }; }
 *   }
 *   @UseFilters(UnknownTenantFilter) @Controller() class …
 */
@Catch()
export class DeadLetterFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown, host: ArgumentsHost): Observable<never> {
    const context = host.switchToRpc().getContext<unknown>();
    const verdict = this.verdict(exception);
    if (!verdict || !(context instanceof KafkaBatchContext)) throw exception;
    context.rejectAll(verdict.reason, verdict.detail);
    // Nest takes an empty answer for "not handled"; a completed stream marks the call as done.
    return EMPTY;
  }

  /** The dead-letter reason for a permanent error; undefined means transient (retry). */
  protected verdict(exception: unknown): DeadLetterVerdict | undefined {
    return isInvalidMessage(exception) ? { reason: exception.reason, detail: describeError(exception) } : undefined;
  }
}
