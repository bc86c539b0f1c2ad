import type { AlertRule } from '@issuestream/alerts-data';
import { FeedbackCreationSource } from '@issuestream/feedback';
import { defaultGroupTypeRegistry } from '@issuestream/issue-platform';
import { IssueLinks, renderAlertEmail, type AlertedIssue } from './alert-email';
import { CATEGORY_SLUGS, typeCategorySlugs } from './categories';
import { feedbackDetails } from './feedback-details';
import { feedbackSkipReason, userReportNotificationsEnabled } from './feedback-filter';
import { retryDelayMs } from './retry-delay';
import { matchingRules } from './rule-matching';

const rule = (overrides: Partial<AlertRule> = {}): AlertRule => ({
  id: 1,
  projectId: 7,
  name: 'Feedback',
  trigger: 'new_issue',
  categories: ['feedback'],
  recipients: ['ops@example.com'],
  frequencyMinutes: 30,
  createdAt: new Date(0),
  ...overrides,
});

describe('should_postprocess_feedback', () => {
  const evidence = (data: Record<string, unknown>) => ({ evidenceData: data, userReportNotifications: false });

  it('skips a missing occurrence, spam and feedback without a source', () => {
    expect(feedbackSkipReason({ evidenceData: undefined, userReportNotifications: true })).toBe('no_occurrence');
    expect(feedbackSkipReason(evidence({ source: 'new_feedback_envelope', is_spam: true }))).toBe('spam');
    expect(feedbackSkipReason(evidence({ is_spam: false }))).toBe('no_source');
    expect(feedbackSkipReason(evidence({ source: 'carrier_pigeon' }))).toBe('unknown_source');
  });

  it('always runs for new feedback; for user reports only with the project option', () => {
    expect(feedbackSkipReason(evidence({ source: FeedbackCreationSource.NEW_FEEDBACK_ENVELOPE, is_spam: null }))).toBeNull();
    for (const source of [
      FeedbackCreationSource.USER_REPORT_ENVELOPE,
      FeedbackCreationSource.USER_REPORT_DJANGO_ENDPOINT,
      FeedbackCreationSource.CRASH_REPORT_EMBED_FORM,
      FeedbackCreationSource.UPDATE_USER_REPORTS_TASK,
    ]) {
      expect(feedbackSkipReason({ evidenceData: { source }, userReportNotifications: false })).toBe('user_report_notifications_off');
      expect(feedbackSkipReason({ evidenceData: { source }, userReportNotifications: true })).toBeNull();
    }
  });

  it('defaults the option by epoch when unset', () => {
    expect(userReportNotificationsEnabled(null, 12)).toBe(true);
    expect(userReportNotificationsEnabled(null, 11)).toBe(false);
    expect(userReportNotificationsEnabled(false, 12)).toBe(false);
    expect(userReportNotificationsEnabled(true, 1)).toBe(true);
  });
});

describe('rule matching', () => {
  const feedback = typeCategorySlugs(defaultGroupTypeRegistry.getByTypeId(6001));
  const slowQuery = typeCategorySlugs(defaultGroupTypeRegistry.getByTypeId(1001));

  it('knows both category generations of a type', () => {
    expect([...feedback]).toEqual(['feedback']);
    expect([...slowQuery].sort()).toEqual(['db_query', 'performance']);
    expect(CATEGORY_SLUGS).toEqual(expect.arrayContaining(['error', 'feedback', 'db_query', 'outage']));
  });

  it('matches trigger, project and category; no categories means every category', () => {
    const rules = [rule({ id: 1 }), rule({ id: 2, trigger: 'regression' }), rule({ id: 3, categories: [] }), rule({ id: 4, projectId: 8 }), rule({ id: 5, categories: ['db_query'] })];
    expect(matchingRules(rules, { projectId: 7, isNew: true, isRegression: false, categories: feedback }).map((r) => r.id)).toEqual([1, 3]);
    expect(matchingRules(rules, { projectId: 7, isNew: false, isRegression: true, categories: feedback }).map((r) => r.id)).toEqual([2]);
    expect(matchingRules(rules, { projectId: 7, isNew: true, isRegression: false, categories: slowQuery }).map((r) => r.id)).toEqual([3, 5]);
    expect(matchingRules(rules, { projectId: 7, isNew: false, isRegression: false, categories: feedback })).toEqual([]);
  });
});

describe('alert e-mail', () => {
  const links = new IssueLinks('https://sentry.example.com/');
  const issue: AlertedIssue = {
    groupId: 42,
    projectId: 7,
    projectSlug: 'web',
    organizationSlug: 'acme',
    title: 'User Feedback: <b>Broken</b> checkout',
    category: 'feedback',
    isRegression: false,
    feedback: { message: '<b>Broken</b> checkout\nsecond line', name: null, contactEmail: 'jane@example.com', url: 'https://shop.example.com/?a=1&b=2', source: 'new_feedback_envelope' },
  };

  it('has the feedback fields and links in text and escaped HTML', () => {
    const email = renderAlertEmail(rule(), issue, links);
    expect(email.subject).toBe('[web] User Feedback: <b>Broken</b> checkout');
    expect(email.recipients).toEqual(['ops@example.com']);
    expect(email.text).toContain('New feedback in acme/web');
    expect(email.text).toContain('Name: Anonymous User');
    expect(email.text).toContain('URL: https://shop.example.com/?a=1&b=2');
    expect(email.text).toContain('View the issue: https://sentry.example.com/organizations/acme/issues/42/?project=7&referrer=alert_email');
    expect(email.text).toContain('View the feedback: https://sentry.example.com/organizations/acme/feedback/?feedbackSlug=web%3A42&project=7');
    expect(email.text).toContain('every 30 minute(s)');
    expect(email.html).toContain('&lt;b&gt;Broken&lt;/b&gt; checkout');
    expect(email.html).not.toContain('<b>Broken');
    expect(email.html).toContain('https://shop.example.com/?a=1&amp;b=2');
  });

  it('names regressions and other categories, and keeps subjects on one short line', () => {
    const email = renderAlertEmail(rule({ frequencyMinutes: 1440 }), { ...issue, category: 'error', feedback: null, isRegression: true, title: `TypeError\n${'x'.repeat(300)}` }, links);
    expect(email.subject).toMatch(/^\[web\] Regression: TypeError x+…$/);
    expect(email.subject.length).toBeLessThanOrEqual(180);
    expect(email.text).toContain('Regressed error issue in acme/web');
    expect(email.text).not.toContain('View the feedback');
    expect(email.text).toContain('every 1 day(s)');
  });

  it('takes the page URL from the feedback context, else the request', () => {
    const evidence = { message: 'm', name: 'Jane', source: 'user_report_envelope' };
    expect(feedbackDetails(evidence, { contexts: { feedback: { url: 'https://a.example/' } }, request: { url: 'https://b.example/' } }).url).toBe('https://a.example/');
    expect(feedbackDetails(evidence, { request: { url: 'https://b.example/' } })).toEqual({ message: 'm', name: 'Jane', contactEmail: null, url: 'https://b.example/', source: 'user_report_envelope' });
    expect(feedbackDetails({}, undefined)).toEqual({ message: '', name: null, contactEmail: null, url: null, source: null });
  });
});

describe('retry delay', () => {
  it('doubles from the initial delay up to the cap, within ±20 %', () => {
    const settings = { initialMs: 1000, maxMs: 60_000 };
    expect(retryDelayMs(1, settings, () => 0.5)).toBe(1000);
    expect(retryDelayMs(3, settings, () => 0.5)).toBe(4000);
    expect(retryDelayMs(20, settings, () => 0.5)).toBe(60_000);
    expect(retryDelayMs(1, settings, () => 0)).toBe(800);
    expect(retryDelayMs(1, settings, () => 1)).toBe(1200);
  });
});
