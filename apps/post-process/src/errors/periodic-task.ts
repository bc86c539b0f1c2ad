import { createLogger } from '@issuestream/observability';

const log = createLogger('post-process');

/**
 * Runs `task` every `intervalMs` (0: never) without overlapping itself; a
 * failure is logged and the next run comes as planned. `stop` waits for a
 * run in progress, so shutdown does not cut one in half.
 */
export class PeriodicTask {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly task: () => Promise<unknown>,
  ) {}

  start(): void {
    if (this.intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.runOnce(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async runOnce(): Promise<void> {
    if (this.running) return;
    this.running = this.task().then(
      () => undefined,
      (error: unknown) => log.error('periodic task failed', { task: this.name, error: error instanceof Error ? error.message : String(error) }),
    );
    await this.running;
    this.running = undefined;
  }
}
