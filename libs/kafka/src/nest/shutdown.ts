import type { INestApplication } from '@nestjs/common';
import { createLogger } from '@issuestream/observability';

const log = createLogger('shutdown');

/**
 * On SIGTERM/SIGINT, closes the app (the consumer finishes and commits its
 * in-flight batch, connections close) and exits 0. Nest's own shutdown hooks
 * re-raise the signal after closing, which orchestrators read as a crash. A
 * second signal, or a close that outlasts the grace period, exits at once.
 */
export function exitCleanlyOnSignals(app: INestApplication, gracePeriodMs = 25000): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) {
      log.warn('second signal; exiting without waiting', { signal });
      process.exit(1);
    }
    closing = true;
    log.info('shutting down', { signal });
    const timer = setTimeout(() => {
      log.error('shutdown exceeded the grace period', { gracePeriodMs });
      process.exit(1);
    }, gracePeriodMs);
    app.close().then(
      () => {
        clearTimeout(timer);
        process.exit(0);
      },
      (error: unknown) => {
        log.error('shutdown failed', { error: error instanceof Error ? error.message : String(error) });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
