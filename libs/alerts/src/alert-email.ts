import type { AlertEmail, AlertRule } from '@issuestream/alerts-data';

/** The feedback fields an alert shows (from the occurrence's evidence and its event). */
export interface FeedbackDetails {
  message: string;
  name: string | null;
  contactEmail: string | null;
  url: string | null;
  source: string | null;
}

export interface AlertedIssue {
  groupId: number;
  projectId: number;
  projectSlug: string;
  organizationSlug: string;
  title: string;
  /** Category slug of the issue's type (`feedback`, `error`, …). */
  category: string;
  isRegression: boolean;
  feedback: FeedbackDetails | null;
}

/** Links into the web UI, whose address is the base URL setting. */
export class IssueLinks {
  private readonly base: string;

  constructor(baseUrl: string) {
    this.base = baseUrl.replace(/\/+$/, '');
  }

  issue(issue: Pick<AlertedIssue, 'organizationSlug' | 'groupId' | 'projectId'>): string {
    return `${this.base}/organizations/${encodeURIComponent(issue.organizationSlug)}/issues/${issue.groupId}/?project=${issue.projectId}&referrer=alert_email`;
  }

  /** The feedback view, which shows a feedback issue with its message, contact and replay. */
  feedback(issue: Pick<AlertedIssue, 'organizationSlug' | 'groupId' | 'projectId' | 'projectSlug'>): string {
    const slug = encodeURIComponent(`${issue.projectSlug}:${issue.groupId}`);
    return `${this.base}/organizations/${encodeURIComponent(issue.organizationSlug)}/feedback/?feedbackSlug=${slug}&project=${issue.projectId}&referrer=alert_email`;
  }
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** Subject lines stay on one line and readable in a mail list. */
const oneLine = (text: string, max = 180): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

const every = (minutes: number): string =>
  minutes % 1440 === 0 ? `${minutes / 1440} day(s)` : minutes % 60 === 0 ? `${minutes / 60} hour(s)` : `${minutes} minute(s)`;

/**
 * The alert e-mail for one rule and one issue: the issue's title, for
 * feedback its message, name, contact e-mail and page URL, and links to the
 * issue (and, for feedback, to the feedback view).
 */
export function renderAlertEmail(rule: AlertRule, issue: AlertedIssue, links: IssueLinks): AlertEmail {
  const where = `${issue.organizationSlug}/${issue.projectSlug}`;
  const what = issue.feedback ? 'feedback' : `${issue.category} issue`;
  const headline = issue.isRegression ? `Regressed ${what} in ${where}` : `New ${what} in ${where}`;
  const subject = oneLine(`[${issue.projectSlug}] ${issue.isRegression ? 'Regression: ' : ''}${issue.title}`);
  const fields: [string, string][] = [];
  const actions: [string, string][] = [];
  if (issue.feedback) {
    const f = issue.feedback;
    fields.push(['Message', f.message], ['Name', f.name ?? 'Anonymous User'], ['Contact e-mail', f.contactEmail ?? '—'], ['URL', f.url ?? '—']);
    if (f.source) fields.push(['Source', f.source]);
    actions.push(['View the feedback', links.feedback(issue)]);
  }
  actions.push(['View the issue', links.issue(issue)]);
  const footer = `Alert rule "${rule.name}": fires at most once per issue every ${every(rule.frequencyMinutes)}.`;
  const text = [
    headline,
    '',
    issue.title,
    '',
    ...fields.map(([label, value]) => `${label}: ${value}`),
    ...(fields.length ? [''] : []),
    ...actions.map(([label, url]) => `${label}: ${url}`),
    '',
    footer,
    '',
  ].join('\n');
  const html = [
    '<!doctype html><html><body style="font-family: sans-serif">',
    `<p style="color:#666">${escapeHtml(headline)}</p>`,
    `<h2>${escapeHtml(issue.title)}</h2>`,
    fields.length
      ? `<table>${fields.map(([label, value]) => `<tr><th align="left" valign="top">${escapeHtml(label)}</th><td style="white-space:pre-wrap">${escapeHtml(value)}</td></tr>`).join('')}</table>`
      : '',
    `<p>${actions.map(([label, url]) => `<a href="${escapeHtml(url)}">${escapeHtml(label)}</a>`).join(' · ')}</p>`,
    `<p style="color:#666;font-size:small">${escapeHtml(footer)}</p>`,
    '</body></html>',
  ].join('\n');
  return { recipients: rule.recipients, subject, text, html };
}
