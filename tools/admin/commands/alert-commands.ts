import { ALERT_TRIGGERS, deleteRule, insertRule, selectRules, type AlertRule, type AlertTrigger } from '@issuestream/alerts-data';
import { CATEGORY_SLUGS } from '@issuestream/alerts';
import { CliUsageError, takeArgs } from '../cli-args';
import type { AdminCommand } from './admin-command';
import { requireProject } from './lookup';

/** The reference's default frequency for issue alerts. */
const DEFAULT_FREQUENCY_MINUTES = 30;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+$/;

function describe(rule: AlertRule, projectName: string): string {
  const categories = rule.categories.length ? rule.categories.join(', ') : 'any category';
  const what = rule.trigger === 'new_issue' ? 'a new issue is created' : 'an issue regresses';
  return `  #${rule.id} ${projectName} "${rule.name}": when ${what} (${categories}) → ${rule.recipients.join(', ')}, at most once per issue every ${rule.frequencyMinutes} min`;
}

const ruleJson = (rule: AlertRule) => ({ ...rule, createdAt: rule.createdAt.toISOString() });

export const alertsAdd: AdminCommand = {
  name: 'alerts add',
  synopsis: '<org-slug> <project-slug> --to <email>... [--trigger new_issue|regression] [--category <c>]... [--frequency <minutes>] [--name <n>]',
  summary: `e-mail alert rule for a project (trigger default new_issue; no --category: every category; frequency default ${DEFAULT_FREQUENCY_MINUTES})`,
  async run(args, flags, context) {
    const [orgSlug, projectSlug] = takeArgs(this.name, args, ['org-slug', 'project-slug']);
    const trigger = (flags.trigger ?? 'new_issue') as AlertTrigger;
    if (!ALERT_TRIGGERS.includes(trigger)) throw new CliUsageError(`${this.name}: --trigger must be one of ${ALERT_TRIGGERS.join(', ')}, got "${flags.trigger}"`);
    const categories = [...new Set(flags.category ?? [])];
    const unknown = categories.filter((c) => !CATEGORY_SLUGS.includes(c));
    if (unknown.length) throw new CliUsageError(`${this.name}: unknown --category ${unknown.join(', ')}; one of ${CATEGORY_SLUGS.join(', ')}`);
    const recipients = [...new Set(flags.to ?? [])];
    if (recipients.length === 0) throw new CliUsageError(`${this.name}: at least one --to <email> is required`);
    const invalid = recipients.filter((r) => !EMAIL.test(r));
    if (invalid.length) throw new CliUsageError(`${this.name}: --to ${invalid.join(', ')} is not an e-mail address`);
    const frequencyMinutes = flags.frequency === undefined ? DEFAULT_FREQUENCY_MINUTES : Number(flags.frequency);
    if (!Number.isInteger(frequencyMinutes) || frequencyMinutes < 1 || frequencyMinutes > 43_200) {
      throw new CliUsageError(`${this.name}: --frequency must be whole minutes from 1 to 43200 (30 days), got "${flags.frequency}"`);
    }
    const project = await requireProject(await context.store(), orgSlug, projectSlug);
    const name = flags.name?.trim() || `${trigger === 'new_issue' ? 'New' : 'Regressed'} ${categories.length ? categories.join('/') : 'issue'} alert`;
    const rule = await insertRule(await context.alertsDb(), { projectId: project.id, name, trigger, categories, recipients, frequencyMinutes });
    return { text: `alert rule created\n${describe(rule, `${orgSlug}/${projectSlug}`)}`, json: ruleJson(rule) };
  },
};

export const alertsList: AdminCommand = {
  name: 'alerts list',
  synopsis: '[<org-slug> <project-slug>]',
  summary: 'print the alert rules (of one project, or all)',
  async run(args, _flags, context) {
    const project = args.length === 0 ? undefined : await (async () => {
      const [orgSlug, projectSlug] = takeArgs(this.name, args, ['org-slug', 'project-slug']);
      return requireProject(await context.store(), orgSlug, projectSlug);
    })();
    const rules = await selectRules(await context.alertsDb(), project ? [project.id] : undefined);
    const store = await context.store();
    const projects = await store.getProjects(rules.map((r) => r.projectId));
    const nameOf = (id: number) => {
      const p = projects.get(id);
      return p ? `${p.organization.slug}/${p.slug}` : `project ${id}`;
    };
    return { text: rules.length ? rules.map((r) => describe(r, nameOf(r.projectId))).join('\n') : '(no alert rules)', json: rules.map(ruleJson) };
  },
};

export const alertsRemove: AdminCommand = {
  name: 'alerts remove',
  synopsis: '<rule-id>',
  summary: 'delete an alert rule (e-mails it already queued are still sent)',
  async run(args, _flags, context) {
    const [raw] = takeArgs(this.name, args, ['rule-id']);
    const id = Number(raw.replace(/^#/, ''));
    if (!Number.isInteger(id) || id < 1) throw new CliUsageError(`${this.name}: <rule-id> must be a rule number, got "${raw}"`);
    if (!(await deleteRule(await context.alertsDb(), id))) throw new CliUsageError(`${this.name}: no alert rule #${id}`);
    return { text: `alert rule #${id} removed`, json: { removed: id } };
  },
};
