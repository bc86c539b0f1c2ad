import { claimDueEmails, markEmailsFailed, markEmailsSent, outboxBacklog, type OutboxEmail } from '@issuestream/alerts-data';
import type { Logger } from '@issuestream/observability';
import type { Transporter } from 'nodemailer';
import type { Pool } from 'pg';
import { alertMetrics as metrics } from './metrics';
import { retryDelayMs, type RetrySettings } from './retry-delay';

export interface OutboxSenderOptions {
  pool: Pool;
  /** A nodemailer transport (`createMailTransport`). */
  transport: Pick<Transporter, 'sendMail'>;
  from: string;
  logger: Logger;
  retry: RetrySettings;
  /** E-mails taken per round. */
  batchSize?: number;
  /** How long a taken e-mail is reserved for this sender; one it dies holding is retried after this. */
  leaseMs?: number;
  /** How often the outbox is looked at when nothing woke the sender. */
  pollIntervalMs?: number;
}

export interface DrainResult {
  sent: number;
  failed: number;
  deferred: number;
}

/** An SMTP reply carries a response code; anything else (refused, timed out, reset) means the server is not reachable. */
const serverUnreachable = (error: unknown): boolean =>
  !(error !== null && typeof error === 'object' && typeof (error as { responseCode?: unknown }).responseCode === 'number');

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error)).slice(0, 1000);

/**
 * Drains the alert outbox: takes due e-mails (leased, so replicas share the
 * work), sends each through SMTP and marks it sent; a failure schedules the
 * e-mail's next attempt with exponential backoff and keeps the error. When
 * the server cannot be reached, the rest of the round is deferred with the
 * same backoff instead of each waiting for its own timeout. Nothing is ever
 * dropped: an e-mail stays in the outbox until a send succeeds.
 *
 * Delivery is at least once: a sender killed between the server's 250 and
 * marking the e-mail sent sends it again after the lease. Each e-mail keeps
 * one Message-ID across attempts, so mail clients can fold such a repeat.
 */
export class OutboxSender {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private again = false;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly pollIntervalMs: number;

  constructor(private readonly options: OutboxSenderOptions) {
    this.batchSize = options.batchSize ?? 50;
    this.leaseMs = options.leaseMs ?? 120_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
  }

  start(): void {
    this.stopped = false;
    this.wake();
  }

  /** Looks at the outbox now (after e-mails were queued) instead of at the next poll. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.loop().finally(() => {
      this.running = undefined;
      if (!this.stopped) this.timer = setTimeout(() => this.wake(), this.again ? 0 : this.pollIntervalMs);
      this.again = false;
    });
  }

  /** Finishes the round in flight; e-mails not reached stay due. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One round: at most `batchSize` due e-mails. */
  async drainOnce(): Promise<DrainResult> {
    const result: DrainResult = { sent: 0, failed: 0, deferred: 0 };
    const due = await claimDueEmails(this.options.pool, this.batchSize, this.leaseMs);
    for (const [index, email] of due.entries()) {
      try {
        await this.send(email);
        await markEmailsSent(this.options.pool, [email.id]);
        result.sent += 1;
        metrics.emails.inc({ outcome: 'sent' });
      } catch (error) {
        const rest = serverUnreachable(error) ? due.slice(index) : [email];
        await markEmailsFailed(
          this.options.pool,
          rest.map((e) => ({ id: e.id, retryInMs: retryDelayMs(e.attempts, this.options.retry), error: describe(error) })),
        );
        result.failed += 1;
        result.deferred += rest.length - 1;
        metrics.emails.inc({ outcome: 'failed' });
        if (rest.length > 1) metrics.emails.inc({ outcome: 'deferred' }, rest.length - 1);
        this.options.logger.warn('alert e-mail not sent; retrying later', {
          outboxId: email.id,
          attempts: email.attempts,
          deferred: rest.length - 1,
          error: describe(error),
        });
        if (rest.length > 1) break;
      }
    }
    return result;
  }

  private async loop(): Promise<void> {
    try {
      let round: DrainResult;
      do round = await this.drainOnce();
      while (!this.stopped && round.sent + round.failed + round.deferred === this.batchSize && round.deferred === 0);
      const backlog = await outboxBacklog(this.options.pool);
      metrics.outboxPending.set(backlog.pending);
      metrics.outboxOldestAge.set(backlog.oldestAgeSeconds);
    } catch (error) {
      // The database is away: the next poll tries again; the e-mails are safe in the outbox.
      this.options.logger.warn('alert outbox not readable; retrying at the next poll', { error: describe(error) });
    }
  }

  private async send(email: OutboxEmail): Promise<void> {
    const domain = this.options.from.split('@')[1]?.replace(/[>\s]/g, '') || 'issuestream.local';
    await this.options.transport.sendMail({
      from: this.options.from,
      to: [...email.recipients],
      subject: email.subject,
      text: email.text,
      html: email.html,
      messageId: `<alert-${email.id}-${email.createdAt.getTime()}@${domain}>`,
      headers: { 'X-Issuestream-Alert': `group=${email.groupId}; project=${email.projectId}; rule=${email.ruleId ?? 'deleted'}` },
    });
  }
}
