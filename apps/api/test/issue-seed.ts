import type { ClickHouseClient } from '@clickhouse/client';
import { eventNodeId, GroupStatus, GroupSubStatus } from '@issuestream/issue-platform';
import { createGroups, insertSearchIssues, putNodes } from '@issuestream/issues-data';
import { withTransaction } from '@issuestream/storage';
import { createHash, randomUUID } from 'node:crypto';
import type { Pool } from 'pg';

export interface SeededFeedback {
  id: number;
  projectId: number;
  eventId: string;
  message: string;
}

export interface FeedbackSeed {
  projectId: number;
  message: string;
  name?: string;
  email?: string;
  environment?: string;
  /** Minutes before now. */
  ageMinutes?: number;
  status?: 'unresolved' | 'resolved' | 'spam';
  associatedEventId?: string;
  url?: string;
}

const hex32 = () => randomUUID().replace(/-/g, '');

/**
 * A feedback issue written the way ingest-occurrences writes one (group,
 * search row, stored event): these tests are about reading, the consumers'
 * own tests and apps/e2e cover the writing.
 */
export async function seedFeedback(pool: Pool, clickhouse: ClickHouseClient, seed: FeedbackSeed): Promise<SeededFeedback> {
  const eventId = hex32();
  const at = new Date(Date.now() - (seed.ageMinutes ?? 1) * 60_000);
  const status = seed.status === 'resolved' ? [GroupStatus.RESOLVED, null] : seed.status === 'spam' ? [GroupStatus.IGNORED, GroupSubStatus.FOREVER] : [GroupStatus.UNRESOLVED, GroupSubStatus.NEW];
  const title = `User Feedback: ${seed.message}`;
  const feedback: Record<string, unknown> = { message: seed.message, name: seed.name ?? 'Jane Doe', contact_email: seed.email ?? 'jane@example.com', url: seed.url ?? 'https://shop.example.com/checkout' };
  if (seed.associatedEventId) feedback['associated_event_id'] = seed.associatedEventId;
  const evidence: Record<string, unknown> = { ...feedback, source: 'new_feedback_envelope', is_spam: seed.status === 'spam', spam_detection_enabled: false, summary: seed.message };
  delete evidence['url'];
  const { created } = await withTransaction(pool, async (client) => {
    const groups = await createGroups(client, [{
      projectId: seed.projectId, type: 6001, primaryHash: createHash('md5').update(eventId).digest('hex'), status: status[0]!, substatus: status[1] ?? null,
      timesSeen: 1, firstSeen: at, lastSeen: at, level: 20, title, culprit: 'user', message: seed.message, priority: 50, platform: 'javascript',
      metadata: { title, value: seed.message, initial_priority: 50 },
    }]);
    await putNodes(client, [{
      id: eventNodeId(seed.projectId, eventId),
      data: {
        event_id: eventId, project_id: seed.projectId, platform: 'javascript', timestamp: at.getTime() / 1000, environment: seed.environment ?? 'production',
        contexts: { feedback, browser: { name: 'Chrome', version: '120.0' }, os: { name: 'Linux' } },
        tags: [['browser', 'Chrome 120.0'], ['os', 'Linux'], ['url', feedback['url']]],
        user: { email: feedback['contact_email'], name: feedback['name'] },
      },
    }]);
    return groups;
  });
  const group = created[0];
  if (!group) throw new Error('seed: no group created');
  await insertSearchIssues(clickhouse, [{
    occurrence_id: randomUUID(), project_id: seed.projectId, group_id: group.id, type: 6001, event_id: eventId, title, subtitle: seed.message,
    culprit: 'user', level: 'info', fingerprint_hash: group.primaryHash, environment: seed.environment ?? 'production', release: '',
    tags: { browser: 'Chrome 120.0', os: 'Linux' }, resource_id: null, evidence_data: JSON.stringify(evidence), evidence_display: '[]',
    detection_time: at.getTime(), receive_time: at.getTime(),
  }]);
  return { id: group.id, projectId: seed.projectId, eventId, message: seed.message };
}
