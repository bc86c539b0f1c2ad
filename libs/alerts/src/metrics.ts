import { metricsRegistry } from '@issuestream/observability';
import { Counter, Gauge } from 'prom-client';

const registers = [metricsRegistry];

export const alertMetrics = {
  handoffs: new Counter({
    name: 'issuestream_post_process_handoffs_total',
    help: 'generic-events hand-offs by outcome: no_rule (no rule matched, or neither new nor regressed), feedback_skipped, unknown_project, unknown_type, occurrence_missing, evaluated.',
    labelNames: ['outcome'],
    registers,
  }),
  feedbackSkipped: new Counter({
    name: 'issuestream_feedback_post_process_skipped_total',
    help: 'Feedback issues whose post-process steps were skipped by should_postprocess_feedback, by reason: spam, user_report_notifications_off, no_occurrence, no_source, unknown_source.',
    labelNames: ['reason'],
    registers,
  }),
  fires: new Counter({
    name: 'issuestream_alert_fires_total',
    help: 'Alert rule matches by outcome: queued (e-mail in the outbox), throttled (within the rule frequency, or a redelivery), duplicate.',
    labelNames: ['outcome', 'category'],
    registers,
  }),
  emails: new Counter({
    name: 'issuestream_alert_emails_total',
    help: 'Alert e-mail delivery attempts by outcome: sent, failed (retried later with backoff), deferred (not tried: the SMTP server was unreachable for an earlier one).',
    labelNames: ['outcome'],
    registers,
  }),
  outboxPending: new Gauge({
    name: 'issuestream_alert_outbox_pending',
    help: 'Alert e-mails in the outbox not sent yet.',
    registers,
  }),
  outboxOldestAge: new Gauge({
    name: 'issuestream_alert_outbox_oldest_age_seconds',
    help: 'Age of the oldest unsent alert e-mail (0 when none).',
    registers,
  }),
};
