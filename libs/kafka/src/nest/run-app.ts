import type { INestApplication } from '@nestjs/common';
import { createLogger, installTracing } from '@issuestream/observability';
import { startHybridApp } from './connect-consumer';
import { exitCleanlyOnSignals } from './shutdown';

export interface StartedApp {
  app: INestApplication;
  host: string;
  port: number;
  /** Logged once the app listens (topic, group, …). */
  details?: Record<string, unknown>;
}

/**
 * The entry point every app shares: tracing first, then the app (its
 * connected consumer, if any, before its HTTP port), clean shutdown on
 * signals, and exit 1 with a readable line when start-up fails (bad config,
 * a store not answering).
 */
export function runNestApp(name: string, create: () => Promise<StartedApp>): void {
  const log = createLogger(name);
  installTracing();
  create()
    .then(async ({ app, host, port, details }) => {
      exitCleanlyOnSignals(app);
      await startHybridApp(app, port, host);
      log.info(`${name} running`, { httpPort: port, ...details });
    })
    .catch((error: unknown) => {
      log.error(`${name} failed to start`, { error: error instanceof Error ? error.message : String(error) });
      process.exit(1);
    });
}
