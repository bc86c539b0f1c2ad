import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import { createMailTransport, OutboxSender } from '@issuestream/alerts';
import { createLogger } from '@issuestream/observability';
import type { Transporter } from 'nodemailer';
import type { Pool } from 'pg';
import type { AlertsConfig } from './alerts.config';

/** The outbox sender, running from start-up until shutdown begins (before the shared pool closes). */
export class AlertSender implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly sender: OutboxSender;
  private readonly transport: Transporter;

  constructor(pool: Pool, config: AlertsConfig) {
    this.transport = createMailTransport({ smtpUrl: config.SMTP_URL, timeoutMs: config.ALERT_SMTP_TIMEOUT_MS });
    this.sender = new OutboxSender({
      pool,
      transport: this.transport,
      from: config.ALERT_EMAIL_FROM,
      logger: createLogger('alert-sender'),
      retry: { initialMs: config.ALERT_RETRY_INITIAL_MS, maxMs: config.ALERT_RETRY_MAX_MS },
      batchSize: config.ALERT_OUTBOX_BATCH,
      leaseMs: config.ALERT_OUTBOX_LEASE_MS,
      pollIntervalMs: config.ALERT_OUTBOX_POLL_MS,
    });
  }

  onApplicationBootstrap(): void {
    this.sender.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.sender.stop();
    this.transport.close();
  }
}
