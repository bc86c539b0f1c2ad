import { parseStatsRequest, type StatsQuery } from './stats-request';

const now = Date.parse('2026-12-06T12:34:56Z');
const parse = (query: StatsQuery) => parseStatsRequest(query, now);

describe('parseStatsRequest', () => {
  it('defaults to the last 24 hours by hour, aligned to whole hours', () => {
    const result = parse({ field: 'sum(quantity)' });
    expect(result).toEqual({
      ok: true,
      request: {
        fields: ['sum(quantity)'], groupBy: [], intervalSeconds: 3600,
        start: Date.parse('2026-12-05T12:00:00Z') / 1000, end: Date.parse('2026-12-06T13:00:00Z') / 1000,
        projectIds: [], categories: [], outcomes: [], reasons: [],
      },
    });
  });

  it('reads repeated and comma-separated values, names and project ids', () => {
    const result = parse({ field: ['sum(quantity)', 'sum(times_seen)'], groupBy: ['outcome', 'reason,category'], interval: '1d', statsPeriod: '14d', project: ['3', '4'], category: 'feedback', outcome: ['rate_limited', 'filtered'], reason: 'key_quota' });
    expect(result.ok && result.request).toMatchObject({
      fields: ['sum(quantity)', 'sum(times_seen)'], groupBy: ['outcome', 'reason', 'category'], intervalSeconds: 86400,
      start: Date.parse('2026-11-22T00:00:00Z') / 1000, end: Date.parse('2026-12-07T00:00:00Z') / 1000,
      projectIds: [3, 4], categories: [14], outcomes: [2, 1], reasons: ['key_quota'],
    });
    expect(parse({ field: 'sum(quantity)', project: '-1' }).ok && parse({ field: 'sum(quantity)', project: '-1' })).toMatchObject({ request: { projectIds: [] } });
  });

  it('takes start and end instead of a period, end exclusive', () => {
    const result = parse({ field: 'sum(quantity)', start: '2026-12-01T00:00:00Z', end: '2026-12-01T03:00:00Z' });
    expect(result.ok && [result.request.start, result.request.end]).toEqual([Date.parse('2026-12-01T00:00:00Z') / 1000, Date.parse('2026-12-01T03:00:00Z') / 1000]);
  });

  it.each([
    [{}, 'field'],
    [{ field: 'count()' }, 'field'],
    [{ field: 'sum(quantity)', groupBy: 'key_id' }, 'groupBy'],
    [{ field: 'sum(quantity)', interval: '5m' }, 'interval'],
    [{ field: 'sum(quantity)', interval: 'hourly' }, 'interval'],
    [{ field: 'sum(quantity)', interval: '1h', statsPeriod: '3650d' }, 'interval'],
    [{ field: 'sum(quantity)', statsPeriod: 'yesterday' }, 'statsPeriod'],
    [{ field: 'sum(quantity)', statsPeriod: '1d', start: '2026-12-01T00:00:00Z', end: '2026-12-02T00:00:00Z' }, 'statsPeriod'],
    [{ field: 'sum(quantity)', start: '2026-12-01T00:00:00Z' }, 'end'],
    [{ field: 'sum(quantity)', start: 'soon', end: '2026-12-02T00:00:00Z' }, 'start'],
    [{ field: 'sum(quantity)', start: '2026-12-02T00:00:00Z', end: '2026-12-01T00:00:00Z' }, 'end'],
    [{ field: 'sum(quantity)', project: 'app' }, 'project'],
    [{ field: 'sum(quantity)', category: 'emails' }, 'category'],
    [{ field: 'sum(quantity)', outcome: 'lost' }, 'outcome'],
  ] as [StatsQuery, string][])('refuses %j naming %s', (query, field) => {
    const result = parse(query);
    expect(result).toMatchObject({ ok: false, field });
    expect(!result.ok && result.detail.startsWith(field === 'end' && !('end' in query) ? 'start and end' : field)).toBe(true);
  });
});
