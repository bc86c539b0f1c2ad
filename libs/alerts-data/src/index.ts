export { ALERT_MIGRATIONS_TABLE, alertMigrations } from './alert-migrations';
export { ALERT_TRIGGERS, deleteRule, insertRule, selectRules, type AlertRule, type AlertTrigger, type NewAlertRule } from './alert-rules';
export { outboxDedupeKey, recordFires, type AlertEmail, type AlertFire, type FireOutcome } from './alert-fires';
export { claimDueEmails, markEmailsFailed, markEmailsSent, outboxBacklog, selectEmailsForGroups, type OutboxEmail } from './alert-outbox';
