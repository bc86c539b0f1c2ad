import { CommittedLag } from './committed-lag';

describe('CommittedLag', () => {
  const reports: Array<[string, number, number | undefined]> = [];
  const lag = new CommittedLag((topic, partition, value) => reports.push([topic, partition, value]));
  beforeEach(() => (reports.length = 0));

  it('is the high watermark minus the committed offset, seeded by the first fetch', () => {
    lag.fetched('t', 0, '100', '250');
    expect(reports.pop()).toEqual(['t', 0, 150]);
    // Processing alone does not lower it; the commit does.
    lag.fetched('t', 0, '120', '260');
    expect(reports.pop()).toEqual(['t', 0, 160]);
    lag.committed([{ topic: 't', partition: 0, offset: '200' }]);
    expect(reports.pop()).toEqual(['t', 0, 60]);
    lag.committed([{ topic: 't', partition: 0, offset: '260' }]);
    expect(reports.pop()).toEqual(['t', 0, 0]);
  });

  it('forgets partitions the member lost, and reseeds them if they come back', () => {
    lag.fetched('t', 1, '5', '10');
    lag.retain((_topic, partition) => partition !== 1);
    expect(reports.pop()).toEqual(['t', 1, undefined]);
    lag.committed([{ topic: 't', partition: 1, offset: '7' }]);
    expect(reports).toHaveLength(1);
    lag.fetched('t', 1, '9', '10');
    expect(reports.pop()).toEqual(['t', 1, 1]);
  });
});
