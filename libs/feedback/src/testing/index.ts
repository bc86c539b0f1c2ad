// Fixtures for tests that feed feedback into the pipeline (the consumer's own
// tests and the cross-app ones). Imported as `@issuestream/feedback/testing`,
// never from production code.
import { randomUUID } from 'node:crypto';
import type { SchemaCodec } from '@issuestream/schemas';
import type { TenantStore } from '@issuestream/storage';
import { uniqueName } from '@issuestream/testing';
import type { SpamDetector } from '../spam';

/** Marks a message as spam when it contains this word (the tests' stand-in for Seer). */
export const SPAM_WORD = 'spamspamspam';
export const keywordSpamDetector: SpamDetector = { classify: (message) => (message.includes(SPAM_WORD) ? 'spam' : 'not_spam') };

export interface TestProject {
  projectId: number;
  organizationId: number;
  organizationSlug: string;
}

/** A new organisation with one JavaScript project. */
export async function createTestProject(tenants: Pick<TenantStore, 'createOrganization' | 'createProject'>): Promise<TestProject> {
  const org = await tenants.createOrganization({ slug: uniqueName('org').replace(/_/g, '-') });
  const project = await tenants.createProject({ organizationId: org.id, slug: 'app', platform: 'javascript' });
  return { projectId: project.id, organizationId: org.id, organizationSlug: org.slug };
}

/** A widget feedback event as an SDK sends it; `feedback` fills `contexts.feedback`. */
export function feedbackEvent(feedback: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> & { event_id: string } {
  return {
    event_id: randomUUID().replace(/-/g, ''),
    type: 'feedback',
    platform: 'javascript',
    level: 'info',
    timestamp: Date.now() / 1000,
    tags: [['runtime', 'browser']],
    contexts: { feedback: { source: 'widget', url: 'https://example.com/', ...feedback } },
    ...extra,
  };
}

/** The Avro `ingest-feedback-events` record the relay would write for one feedback event. */
export function encodeFeedbackRecord(codec: SchemaCodec, event: Record<string, unknown>, projectId: number): Promise<Buffer> {
  return codec.encode('ingest-feedback-events', {
    type: 'event',
    payload: Buffer.from(JSON.stringify(event)),
    start_time: Math.floor(Date.now() / 1000),
    event_id: String(event['event_id']),
    project_id: projectId,
    remote_addr: '127.0.0.1',
    attachments: [],
  });
}
