import type { Pool } from 'pg';
import type { AlertEmail } from './alert-fires';

export interface OutboxEmail extends AlertEmail {
  id: number;
  ruleId: number | null;
  projectId: number;
  groupId: number;
  /** Delivery attempts started, this one included. */
  attempts: number;
  createdAt: Date;
  sentAt: Date | null;
  lastError: string | null;
}

interface OutboxRow {
  id: string;
  rule_id: string | null;
  project_id: string;
  group_id: string;
  recipients: string[];
  subject: string;
  text_body: string;
  html_body: string;
  attempts: number;
  created_at: Date;
  sent_at: Date | null;
  last_error: string | null;
}

const COLUMNS = 'id, rule_id, project_id, group_id, recipients, subject, text_body, html_body, attempts, created_at, sent_at, last_error';

const toEmail = (row: OutboxRow): OutboxEmail => ({
  id: Number(row.id),
  ruleId: row.rule_id === null ? null : Number(row.rule_id),
  projectId: Number(row.project_id),
  groupId: Number(row.group_id),
  recipients: row.recipients,
  subject: row.subject,
  text: row.text_body,
  html: row.html_body,
  attempts: row.attempts,
  createdAt: row.created_at,
  sentAt: row.sent_at,
  lastError: row.last_error,
});

/**
 * Takes up to `limit` unsent e-mails that are due, oldest due first, and
 * leases them for `leaseMs`: their next attempt moves out by the lease, so a
 * sender that dies mid-send leaves them to be taken again once it expires,
 * and concurrent senders (SKIP LOCKED) never take the same one.
 */
export async function claimDueEmails(pool: Pool, limit: number, leaseMs: number): Promise<OutboxEmail[]> {
  const { rows } = await pool.query<OutboxRow>(
    `UPDATE alert_outbox SET attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => $2::double precision / 1000)
     WHERE id IN (
       SELECT id FROM alert_outbox WHERE sent_at IS NULL AND next_attempt_at <= now()
       ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
     RETURNING ${COLUMNS}`,
    [limit, leaseMs],
  );
  return rows.map(toEmail).sort((a, b) => a.id - b.id);
}

export async function markEmailsSent(pool: Pool, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await pool.query(`UPDATE alert_outbox SET sent_at = now(), last_error = NULL WHERE id = ANY($1::bigint[])`, [ids]);
}

/** Schedules the next attempt of each failed e-mail `retryInMs` from now and keeps the error. */
export async function markEmailsFailed(pool: Pool, failures: readonly { id: number; retryInMs: number; error: string }[]): Promise<void> {
  if (failures.length === 0) return;
  await pool.query(
    `UPDATE alert_outbox o SET next_attempt_at = now() + make_interval(secs => f.retry_ms / 1000), last_error = f.error
     FROM unnest($1::bigint[], $2::double precision[], $3::text[]) AS f(id, retry_ms, error)
     WHERE o.id = f.id AND o.sent_at IS NULL`,
    [failures.map((f) => f.id), failures.map((f) => f.retryInMs), failures.map((f) => f.error)],
  );
}

/** Unsent e-mails and the age of the oldest, in seconds (0 when none). */
export async function outboxBacklog(pool: Pool): Promise<{ pending: number; oldestAgeSeconds: number }> {
  const { rows } = await pool.query<{ pending: string; oldest: number | null }>(
    `SELECT count(*) AS pending, extract(epoch FROM now() - min(created_at))::double precision AS oldest
     FROM alert_outbox WHERE sent_at IS NULL`,
  );
  const row = rows[0];
  return { pending: Number(row?.pending ?? 0), oldestAgeSeconds: row?.oldest ?? 0 };
}

/** E-mails queued for these issues, oldest first (tests, the admin CLI). */
export async function selectEmailsForGroups(pool: Pool, groupIds: readonly number[]): Promise<OutboxEmail[]> {
  const { rows } = await pool.query<OutboxRow>(`SELECT ${COLUMNS} FROM alert_outbox WHERE group_id = ANY($1::bigint[]) ORDER BY id`, [groupIds]);
  return rows.map(toEmail);
}
