/* eslint-disable @nx/enforce-module-boundaries -- written as another service would: against the published package, not the workspace source */
// The TypeScript side of another service: type-checked against the packages'
// published .d.ts files (installed-packages.int.spec.ts runs `tsc --noEmit`
// on it). The lines marked @ts-expect-error prove the types are real, not any.
import {
  createOccurrenceProducer, defineGroupType, DuplicateGroupTypeError, GroupCategory, GroupStatus, GroupTypeStore,
  type GroupType, type OccurrenceProducer, type RegistrationOutcome,
} from '@issuestream/issue-platform';
import { createProducer, type MessageProducer } from '@issuestream/kafka';
import { createCodec, type SchemaCodec } from '@issuestream/schemas';
import { createPgPool } from '@issuestream/storage';

export const QueueBacklogType: GroupType = defineGroupType({
  typeId: 14001,
  slug: 'queue_backlog',
  description: 'Queue backlog growing',
  category: GroupCategory.PERFORMANCE,
  noiseConfig: { ignoreLimit: 2 },
});

// @ts-expect-error a category must be a GroupCategory
defineGroupType({ typeId: 14002, slug: 'wrong', description: 'Wrong', category: 'performance' });

export async function registerAndReport(databaseUrl: string, brokers: string[], registryUrl: string): Promise<RegistrationOutcome> {
  const pool = createPgPool(databaseUrl);
  const store: GroupTypeStore = await GroupTypeStore.open(pool);
  let outcome: RegistrationOutcome;
  try {
    ({ outcome } = await store.register(QueueBacklogType, { owner: 'queue-watch' }));
  } catch (error) {
    if (error instanceof DuplicateGroupTypeError) throw new Error(`taken: ${error.existing.slug}`);
    throw error;
  }
  const producer: MessageProducer = await createProducer({ brokers, clientId: 'queue-watch' });
  const codec: SchemaCodec = createCodec({ registryUrl });
  const occurrences: OccurrenceProducer = createOccurrenceProducer({ producer, codec });
  await occurrences.produceOccurrence({ projectId: 1, fingerprint: ['queue:emails'], issueTitle: 'Queue backing up', type: QueueBacklogType }, { platform: 'node' });
  // @ts-expect-error a status change needs a fingerprint
  await occurrences.produceStatusChange({ projectId: 1, newStatus: GroupStatus.RESOLVED });
  await occurrences.produceStatusChange({ projectId: 1, fingerprint: ['queue:emails'], newStatus: GroupStatus.RESOLVED });
  await producer.disconnect();
  await pool.end();
  return outcome;
}
