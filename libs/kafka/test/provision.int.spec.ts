import { uniqueName } from '@issuestream/testing';
import { adHocTopics, provisionTopics } from '../src';
import { createKafka } from '../src/kafka-client';
import { connection } from './harness';

jest.setTimeout(60000);

describe('provisionTopics', () => {
  it('lets apps that start together provision overlapping manifests', async () => {
    const shared = uniqueName('provision_shared');
    const own = Array.from({ length: 8 }, (_, i) => uniqueName(`provision_${i}`));
    await Promise.all(own.map((name) => provisionTopics(connection, [...adHocTopics(shared, 3), ...adHocTopics(name, 2)])));

    const admin = createKafka(connection).admin();
    await admin.connect();
    try {
      const metadata = await admin.fetchTopicMetadata({ topics: [shared, `${shared}-dlq`, ...own] });
      const partitions = Object.fromEntries(metadata.topics.map((t) => [t.name, t.partitions.length]));
      expect(partitions).toEqual({ [shared]: 3, [`${shared}-dlq`]: 3, ...Object.fromEntries(own.map((name) => [name, 2])) });
      expect(metadata.topics.every((t) => t.partitions.every((p) => p.leader >= 0))).toBe(true);
    } finally {
      await admin.disconnect();
    }
  });

  it('is a no-op the second time', async () => {
    const name = uniqueName('provision_again');
    await provisionTopics(connection, adHocTopics(name, 2));
    const again = await provisionTopics(connection, adHocTopics(name, 2));
    expect(again.created).toEqual([]);
    expect(again.unchanged).toContain(name);
  });
});
