import type { PoolClient } from 'pg';

/** An alert e-mail, as queued and as sent. */
export interface AlertEmail {
  recipients: readonly string[];
  subject: string;
  text: string;
  html: string;
}

/** A rule whose conditions matched one issue, because of one trigger (an occurrence, an event). */
export interface AlertFire {
  ruleId: number;
  frequencyMinutes: number;
  projectId: number;
  groupId: number;
  /** What made it fire; the same trigger never queues a second e-mail for the same rule. */
  triggerId: string;
  email: AlertEmail;
}

/**
 * - `queued`: its e-mail is in the outbox;
 * - `throttled`: the rule fired for this issue less than its frequency ago
 *   (or this very trigger fired it before: a redelivery);
 * - `duplicate`: an e-mail for this rule and trigger was queued before.
 */
export type FireOutcome = 'queued' | 'throttled' | 'duplicate';

const pairKey = (ruleId: number, groupId: number): string => `${ruleId}:${groupId}`;
export const outboxDedupeKey = (ruleId: number, triggerId: string): string => `${ruleId}:${triggerId}`;

/**
 * Records a batch of fires in the caller's transaction: one statement claims
 * each (rule, issue) whose frequency window has passed, one inserts the
 * claimed fires' e-mails into the outbox. The claim skips a pair whose last
 * fire was this same trigger, so a redelivered trigger never moves the
 * window nor queues a second e-mail; the outbox's unique dedupe key backs
 * that up. Within one batch only the first fire of a pair can win.
 */
export async function recordFires(client: PoolClient, fires: readonly AlertFire[], now: Date): Promise<FireOutcome[]> {
  const outcomes: FireOutcome[] = fires.map(() => 'throttled');
  const firstOfPair = new Map<string, number>();
  fires.forEach((fire, i) => {
    const key = pairKey(fire.ruleId, fire.groupId);
    if (!firstOfPair.has(key)) firstOfPair.set(key, i);
  });
  const candidates = [...firstOfPair.values()].map((i) => fires[i] as AlertFire);
  if (candidates.length === 0) return outcomes;
  const { rows: claimed } = await client.query<{ rule_id: string; group_id: string }>(
    `INSERT INTO alert_rule_groups AS s (rule_id, group_id, last_fired_at, next_allowed_at, last_trigger_id)
     SELECT f.rule_id, f.group_id, $3::timestamptz, $3::timestamptz + make_interval(mins => f.minutes), f.trigger_id
     FROM unnest($1::bigint[], $2::bigint[], $4::int[], $5::text[]) AS f(rule_id, group_id, minutes, trigger_id)
     -- A rule deleted since it was read simply does not fire.
     WHERE EXISTS (SELECT 1 FROM alert_rules r WHERE r.id = f.rule_id)
     ON CONFLICT (rule_id, group_id) DO UPDATE
       SET last_fired_at = excluded.last_fired_at, next_allowed_at = excluded.next_allowed_at, last_trigger_id = excluded.last_trigger_id
       WHERE s.next_allowed_at <= excluded.last_fired_at AND s.last_trigger_id <> excluded.last_trigger_id
     RETURNING rule_id, group_id`,
    [
      candidates.map((f) => f.ruleId),
      candidates.map((f) => f.groupId),
      now,
      candidates.map((f) => f.frequencyMinutes),
      candidates.map((f) => f.triggerId),
    ],
  );
  const won = new Set(claimed.map((r) => pairKey(Number(r.rule_id), Number(r.group_id))));
  const queued = candidates.filter((f) => won.has(pairKey(f.ruleId, f.groupId)));
  if (queued.length === 0) return outcomes;
  const { rows: inserted } = await client.query<{ dedupe_key: string }>(
    `INSERT INTO alert_outbox (dedupe_key, rule_id, project_id, group_id, recipients, subject, text_body, html_body, created_at, next_attempt_at)
     SELECT r.dedupe_key, r.rule_id, r.project_id, r.group_id, ARRAY(SELECT jsonb_array_elements_text(r.recipients)),
            r.subject, r.text_body, r.html_body, $2, $2
     FROM jsonb_to_recordset($1::jsonb) AS r(dedupe_key text, rule_id bigint, project_id bigint, group_id bigint,
                                               recipients jsonb, subject text, text_body text, html_body text)
     ON CONFLICT (dedupe_key) DO NOTHING
     RETURNING dedupe_key`,
    [
      JSON.stringify(
        queued.map((f) => ({
          dedupe_key: outboxDedupeKey(f.ruleId, f.triggerId),
          rule_id: f.ruleId,
          project_id: f.projectId,
          group_id: f.groupId,
          recipients: f.email.recipients,
          subject: f.email.subject,
          text_body: f.email.text,
          html_body: f.email.html,
        })),
      ),
      now,
    ],
  );
  const fresh = new Set(inserted.map((r) => r.dedupe_key));
  fires.forEach((fire, i) => {
    if (firstOfPair.get(pairKey(fire.ruleId, fire.groupId)) !== i || !won.has(pairKey(fire.ruleId, fire.groupId))) return;
    outcomes[i] = fresh.has(outboxDedupeKey(fire.ruleId, fire.triggerId)) ? 'queued' : 'duplicate';
  });
  return outcomes;
}
