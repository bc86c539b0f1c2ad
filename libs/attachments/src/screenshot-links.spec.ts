import { randomUUID } from 'node:crypto';
import { EVENT_ATTACHMENT_MIGRATIONS_TABLE, eventAttachmentMigrations, EventAttachmentStore, type NewEventAttachment } from '@issuestream/attachments-data';
import { createGroups, errorEventMigrations, issueMigrations, recordErrorEvents, recordOccurrences } from '@issuestream/issues-data';
import type { ConsumedMessage } from '@issuestream/kafka';
import type { IngestOccurrences } from '@issuestream/schemas';
import { migrate, withTransaction } from '@issuestream/storage';
import { createTestSchema, type TestSchema } from '@issuestream/testing';
import type { Pool } from 'pg';
import { linkToStoredEvents } from './event-groups';
import { EMPTY_SHA1 } from './attachment-writer';
import { OccurrenceAttachmentLinker } from './occurrence-attachment-linker';

const FEEDBACK = 6001;
const hex = () => randomUUID().replace(/-/g, '');

describe('linking attachments to the issue of their event (Postgres)', () => {
  let testSchema: TestSchema;
  let pool: Pool;
  let store: EventAttachmentStore;
  const projectId = 1;

  beforeAll(async () => {
    testSchema = await createTestSchema('st_attachment_links', 'attachment-links-spec');
    pool = testSchema.pool;
    await migrate(pool, issueMigrations, { table: 'issue_migrations' });
    await migrate(pool, errorEventMigrations, { table: 'error_event_migrations' });
    await migrate(pool, eventAttachmentMigrations, { table: EVENT_ATTACHMENT_MIGRATIONS_TABLE });
    store = new EventAttachmentStore(pool);
  });
  afterAll(() => testSchema.drop());

  const screenshot = (eventId: string): NewEventAttachment => ({
    projectId, eventId, attachmentId: hex(), groupId: null, type: 'event.attachment', name: 'screenshot.png',
    contentType: 'image/png', size: 0, sha1: EMPTY_SHA1, blobKey: null, dateAdded: new Date(),
  });

  /** A stored feedback issue (type 6001) and its occurrence for the feedback event; returns [group id, occurrence id]. */
  async function feedbackIssue(eventId: string, type = FEEDBACK): Promise<[number, string]> {
    const occurrenceId = hex();
    const groupId = await withTransaction(pool, async (client) => {
      const now = new Date();
      const { created } = await createGroups(client, [{
        projectId, type, primaryHash: hex(), status: 0, substatus: 7, timesSeen: 1, firstSeen: now, lastSeen: now, level: 40,
        title: 'User Feedback', culprit: '', message: 'it broke', priority: 50, platform: 'javascript', metadata: {},
      }]);
      const id = created[0]?.id ?? 0;
      await recordOccurrences(client, [{ id: occurrenceId, projectId, type, fingerprintHash: hex(), eventId, groupId: id }]);
      return id;
    });
    return [groupId, occurrenceId];
  }

  const occurrenceMessage = (id: string, type = FEEDBACK) =>
    ({ value: { id, project_id: projectId, payload_type: 'occurrence', type } }) as unknown as ConsumedMessage<IngestOccurrences.IngestOccurrencesMessage>;

  const groupsOf = async (eventId: string) => (await store.listByEvent(projectId, eventId)).map((a) => a.groupId);

  it('links a screenshot stored after its feedback issue to that issue', async () => {
    const eventId = hex();
    const [groupId] = await feedbackIssue(eventId);
    await store.insert([screenshot(eventId)]);
    expect(await linkToStoredEvents(pool, store, [{ projectId, eventId }])).toBe(1);
    expect(await groupsOf(eventId)).toEqual([groupId]);
  });

  it('links a screenshot stored before its feedback issue once ingest-occurrences committed the issue, and again changes nothing', async () => {
    const eventId = hex();
    await store.insert([screenshot(eventId), screenshot(eventId)]);
    expect(await linkToStoredEvents(pool, store, [{ projectId, eventId }])).toBe(0);
    const [groupId, occurrenceId] = await feedbackIssue(eventId);
    const linker = new OccurrenceAttachmentLinker(pool, store);
    expect(await linker.link([occurrenceMessage(occurrenceId)])).toBe(2);
    expect(await linker.link([occurrenceMessage(occurrenceId)])).toBe(0);
    expect(await groupsOf(eventId)).toEqual([groupId, groupId]);
  });

  it('leaves attachments of other issue types to post-process, and links those of stored error events', async () => {
    const otherEvent = hex();
    const [, occurrenceId] = await feedbackIssue(otherEvent, 1001);
    await store.insert([screenshot(otherEvent)]);
    expect(await new OccurrenceAttachmentLinker(pool, store).link([occurrenceMessage(occurrenceId, 1001)])).toBe(0);
    expect(await linkToStoredEvents(pool, store, [{ projectId, eventId: otherEvent }])).toBe(0);

    const errorEvent = hex();
    const [errorGroup] = await feedbackIssue(hex(), 1);
    await withTransaction(pool, (client) =>
      recordErrorEvents(client, [{ projectId, eventId: errorEvent, groupId: errorGroup, primaryHash: hex(), isNew: true, isRegression: false, isNewGroupEnvironment: true, occurredAt: new Date(), environment: '' }]),
    );
    await store.insert([screenshot(errorEvent)]);
    expect(await linkToStoredEvents(pool, store, [{ projectId, eventId: errorEvent }])).toBe(1);
    expect(await groupsOf(errorEvent)).toEqual([errorGroup]);
  });
});
