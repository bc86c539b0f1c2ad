import type { Pool } from 'pg';

/** What makes a rule fire: an issue is created, or a resolved issue comes back. */
export type AlertTrigger = 'new_issue' | 'regression';
export const ALERT_TRIGGERS: readonly AlertTrigger[] = ['new_issue', 'regression'];

export interface NewAlertRule {
  projectId: number;
  name: string;
  trigger: AlertTrigger;
  /** Category slugs (`feedback`, `error`, …); empty = every category. */
  categories: readonly string[];
  recipients: readonly string[];
  /** A rule fires at most once per issue within this many minutes. */
  frequencyMinutes: number;
}

export interface AlertRule extends NewAlertRule {
  id: number;
  createdAt: Date;
}

interface RuleRow {
  id: string;
  project_id: string;
  name: string;
  trigger: AlertTrigger;
  categories: string[];
  recipients: string[];
  frequency_minutes: number;
  created_at: Date;
}

const COLUMNS = 'id, project_id, name, trigger, categories, recipients, frequency_minutes, created_at';

const toRule = (row: RuleRow): AlertRule => ({
  id: Number(row.id),
  projectId: Number(row.project_id),
  name: row.name,
  trigger: row.trigger,
  categories: row.categories,
  recipients: row.recipients,
  frequencyMinutes: row.frequency_minutes,
  createdAt: row.created_at,
});

export async function insertRule(pool: Pool, rule: NewAlertRule): Promise<AlertRule> {
  const { rows } = await pool.query<RuleRow>(
    `INSERT INTO alert_rules (project_id, name, trigger, categories, recipients, frequency_minutes)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
    [rule.projectId, rule.name, rule.trigger, rule.categories, rule.recipients, rule.frequencyMinutes],
  );
  const [row] = rows;
  if (!row) throw new Error('alert rule insert returned no row');
  return toRule(row);
}

/** The rules of these projects (all projects when `projectIds` is omitted), oldest first. */
export async function selectRules(pool: Pool, projectIds?: readonly number[]): Promise<AlertRule[]> {
  const { rows } = projectIds
    ? await pool.query<RuleRow>(`SELECT ${COLUMNS} FROM alert_rules WHERE project_id = ANY($1::bigint[]) ORDER BY id`, [projectIds])
    : await pool.query<RuleRow>(`SELECT ${COLUMNS} FROM alert_rules ORDER BY id`);
  return rows.map(toRule);
}

/** Whether a rule with this id existed. Its e-mails already in the outbox are still sent. */
export async function deleteRule(pool: Pool, id: number): Promise<boolean> {
  const { rowCount } = await pool.query(`DELETE FROM alert_rules WHERE id = $1`, [id]);
  return (rowCount ?? 0) > 0;
}
