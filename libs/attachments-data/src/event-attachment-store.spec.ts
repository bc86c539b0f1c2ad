import { migrate } from '@issuestream/storage';
import { createTestSchema, type TestSchema } from '@issuestream/testing';
import type { Pool } from 'pg';
import {
  EVENT_ATTACHMENT_MIGRATIONS_TABLE,
  eventAttachmentMigrations,
} from './event-attachment-migrations';
import type { NewEventAttachment } from './event-attachment-rows';
import { EventAttachmentStore } from './event-attachment-store';

const hex = (c: string) => c.repeat(32);
const SHA1_EMPTY = 'da39a3ee5e6b4b0d3255bfef95601890afd80709';

describe('EventAttachmentStore (Postgres)', () => {
  let testSchema: TestSchema;
  let pool: Pool;
  let store: EventAttachmentStore;
  let projectId = 0;

  beforeAll(async () => {
    testSchema = await createTestSchema('st_event_attachments', 'attachments-spec');
    pool = testSchema.pool;
    await migrate(pool, eventAttachmentMigrations, { table: EVENT_ATTACHMENT_MIGRATIONS_TABLE });
    store = new EventAttachmentStore(pool);
  });
  afterAll(() => testSchema.drop());
  beforeEach(() => {
    projectId += 1;
  });

  const dateAdded = new Date('2025-06-01T12:00:00.000Z');
  const attachment = (overrides: Partial<NewEventAttachment> = {}): NewEventAttachment => ({
    projectId,
    eventId: hex('a'),
    attachmentId: hex('1'),
    groupId: null,
    type: 'event.attachment',
    name: 'screenshot.png',
    contentType: 'image/png',
    size: 3,
    sha1: '7c4a8d09ca3762af61e59520943dc26494f8941b',
    blobKey: `attachments/p${projectId}/a`,
    dateAdded,
    ...overrides,
  });

  it('inserts a batch, lists an event by name and gets one within its project only', async () => {
    const results = await store.insert([
      attachment({ name: 'log.txt', contentType: 'text/plain' }),
      attachment({ attachmentId: hex('2'), size: 0, sha1: SHA1_EMPTY, blobKey: null }),
      attachment({ eventId: hex('b'), attachmentId: hex('3') }),
    ]);
    expect(results.map((r) => r.kind)).toEqual(['inserted', 'inserted', 'inserted']);

    const listed = await store.listByEvent(projectId, hex('a'));
    expect(listed.map((a) => a.name)).toEqual(['log.txt', 'screenshot.png']);
    expect(listed[1]).toMatchObject({ size: 0, blobKey: null, sha1: SHA1_EMPTY, groupId: null });

    const first = results[0];
    if (first?.kind !== 'inserted') throw new Error('expected an insert');
    expect(await store.get(projectId, first.attachment.id)).toEqual({
      ...attachment({ name: 'log.txt', contentType: 'text/plain' }),
      id: first.attachment.id,
    });
    expect(await store.get(projectId + 1000, first.attachment.id)).toBeNull();
  });

  it('stores a redelivered attachment once, also twice within one batch', async () => {
    const [first] = await store.insert([attachment()]);
    const again = await store.insert([
      attachment({ name: 'other' }),
      attachment({ attachmentId: hex('2') }),
    ]);
    expect(again.map((r) => r.kind)).toEqual(['existing', 'inserted']);
    if (first?.kind !== 'inserted' || again[0]?.kind !== 'existing') throw new Error('unexpected');
    expect(again[0].attachment).toMatchObject({ id: first.attachment.id, name: 'screenshot.png' });

    const twice = await store.insert([
      attachment({ attachmentId: hex('3') }),
      attachment({ attachmentId: hex('3') }),
    ]);
    expect(twice.map((r) => r.kind)).toEqual(['inserted', 'existing']);
    expect(await store.listByEvent(projectId, hex('a'))).toHaveLength(3);
    const found = await store.findByKeys([
      { projectId, eventId: hex('a'), attachmentId: hex('3') },
      { projectId, eventId: hex('a'), attachmentId: hex('9') },
    ]);
    expect([...found.keys()]).toEqual([`${projectId}:${hex('a')}:${hex('3')}`]);
  });

  it('fails only the attachment Postgres refuses', async () => {
    const results = await store.insert([attachment(), attachment({ attachmentId: 'not-hex' })]);
    expect(results.map((r) => r.kind)).toEqual(['inserted', 'failed']);
  });

  it('assigns a group to the attachments of events that have none, once', async () => {
    await store.insert([
      attachment(),
      attachment({ attachmentId: hex('2') }),
      attachment({ eventId: hex('b'), attachmentId: hex('3'), groupId: 7 }),
    ]);
    const links = [
      { projectId, eventId: hex('a'), groupId: 42 },
      { projectId, eventId: hex('b'), groupId: 43 },
    ];
    expect(await store.assignGroup(links)).toBe(2);
    expect(await store.assignGroup(links)).toBe(0);
    expect((await store.listByEvent(projectId, hex('a'))).map((a) => a.groupId)).toEqual([42, 42]);
    expect((await store.listByEvent(projectId, hex('b')))[0]?.groupId).toBe(7);
  });

  it('deletes one attachment within its project and returns it', async () => {
    const [written] = await store.insert([attachment()]);
    if (written?.kind !== 'inserted') throw new Error('expected an insert');
    expect(await store.delete(projectId + 1000, written.attachment.id)).toBeNull();
    expect(await store.delete(projectId, written.attachment.id)).toMatchObject({
      name: 'screenshot.png',
    });
    expect(await store.delete(projectId, written.attachment.id)).toBeNull();
  });
});
