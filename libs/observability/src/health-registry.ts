export interface HealthCheck {
  name: string;
  /** Resolves when the dependency answers; rejects (or throws) with the reason otherwise. */
  check: () => Promise<void>;
}

export interface HealthReport {
  ok: boolean;
  checks: Record<string, { ok: boolean; error?: string; ms: number }>;
}

const CHECK_TIMEOUT_MS = 2000;

/**
 * Readiness is the conjunction of named checks contributed by components
 * (the Kafka consumer's group membership, each database). Liveness is only
 * "the event loop answers", so a slow dependency never gets a pod killed.
 */
export class HealthRegistry {
  private readonly checks = new Map<string, HealthCheck>();

  register(check: HealthCheck): void {
    this.checks.set(check.name, check);
  }

  async readiness(): Promise<HealthReport> {
    const entries = await Promise.all([...this.checks.values()].map((c) => this.run(c)));
    return {
      ok: entries.every(([, result]) => result.ok),
      checks: Object.fromEntries(entries),
    };
  }

  private async run(check: HealthCheck): Promise<[string, HealthReport['checks'][string]]> {
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
    });
    try {
      await Promise.race([check.check(), timeout]);
      return [check.name, { ok: true, ms: Date.now() - started }];
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return [check.name, { ok: false, error: message, ms: Date.now() - started }];
    } finally {
      clearTimeout(timer);
    }
  }
}
