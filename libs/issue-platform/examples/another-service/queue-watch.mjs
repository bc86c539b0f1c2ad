// Another service, outside this workspace, using the published packages:
// registers its own group type in the shared registry, reports a backed-up
// queue twice and resolves the issue once the queue has drained. Every
// setting comes from the environment, with the local stack's defaults.
import {
  createOccurrenceProducer, defineGroupType, GroupCategory, GroupStatus, GroupTypeStore, perHour, PriorityLevel,
} from '@issuestream/issue-platform';
import { createProducer } from '@issuestream/kafka';
import { createCodec } from '@issuestream/schemas';
import { createPgPool } from '@issuestream/storage';

const env = process.env;
const projectId = Number(env.PROJECT_ID ?? 1);
const queue = env.QUEUE ?? 'emails';

// 1. Declare the type once, in code.
const QueueBacklogType = defineGroupType({
  typeId: Number(env.TYPE_ID ?? 14001),
  slug: env.TYPE_SLUG ?? 'queue_backlog',
  description: 'Queue backlog growing',
  category: GroupCategory.PERFORMANCE,
  defaultPriority: PriorityLevel.HIGH,
  released: true,
  noiseConfig: { ignoreLimit: 2 }, // the issue opens on the 2nd sighting within 24 h
  creationQuota: perHour(100),
  enableAutoResolve: false,
});

// 2. Register it in the shared registry at start-up: a no-op when nothing changed since the last start.
const pool = createPgPool(env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/issuestream', { applicationName: 'queue-watch' });
const store = await GroupTypeStore.open(pool);
const { outcome, registered } = await store.register(QueueBacklogType, { owner: 'queue-watch' });
console.log(JSON.stringify({ step: 'register', outcome, version: registered.version }));

// 3. Report the backlog: two sightings of one fingerprint.
const producer = await createProducer({ brokers: (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), clientId: 'queue-watch' });
const occurrences = createOccurrenceProducer({
  producer,
  codec: createCodec({ registryUrl: env.SCHEMA_REGISTRY_URL ?? 'http://127.0.0.1:8081/apis/ccompat/v7' }),
  topic: env.OCCURRENCES_TOPIC ?? 'ingest-occurrences',
});
for (const depth of [12000, 15000]) {
  const { record } = await occurrences.produceOccurrence(
    {
      projectId,
      fingerprint: [`queue:${queue}`],
      issueTitle: `Queue "${queue}" is backing up`,
      subtitle: `${depth} messages waiting`,
      type: QueueBacklogType,
      level: 'warning',
      evidenceData: { queue, depth },
      evidenceDisplay: [{ name: 'Depth', value: String(depth), important: true }],
    },
    { platform: 'node', tags: { queue } },
  );
  console.log(JSON.stringify({ step: 'occurrence', id: record.id, depth }));
}

// 4. The queue drained: resolve the issue.
await occurrences.produceStatusChange({ projectId, fingerprint: [`queue:${queue}`], newStatus: GroupStatus.RESOLVED });
console.log(JSON.stringify({ step: 'resolve' }));

await producer.disconnect();
await pool.end();
