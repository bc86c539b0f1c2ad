import type { INestApplication } from '@nestjs/common';
import { createLogger, installTracing } from '@issuestream/observability';
import { exitCleanlyOnSignals } from './shutdown';

export interface StartedApp {
  app: INestApplication;
  host: string;
  port: number;
  /** Logged once the app listens (topic, group, …). */
  details?: Record<string, unknown>;
}

/**
 * The entry point every consumer app shares: tracing first, then the app,
 * clean shutdown on signals, health and metrics over HTTP, and exit 1 with a
 * readable line when start-up fails (bad config, a store not answering).
 */
export function runNestApp(name: string, create: () => Promise<StartedApp>): void {
  const log = createLogger(name);
  installTracing({ serviceName: name });
  create()
    .then(async ({ app, host, port, details }) => {
      exitCleanlyOnSignals(app);
      await app.listen(port, host);
      log.info(`${name} running`, { httpPort: port, ...details });
    })
    .catch((error: unknown) => {
      log.error(`${name} failed to start`, { error: error instanceof Error ? error.message : String(error) });
      process.exit(1);
    });
}
