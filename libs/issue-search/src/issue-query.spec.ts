import { encodeCursor, linkHeader } from './cursor';
import { InvalidIssueRequest } from './invalid-request';
import { DEFAULT_PERIOD_MS, parseIssueSearch } from './issue-query';

const NOW = Date.UTC(2026, 11, 6, 12);

describe('parseIssueSearch', () => {
  it('reads the feedback UI query: category, mailbox and free text', () => {
    const request = parseIssueSearch({ query: 'issue.category:feedback status:unresolved checkout "dark mode"' }, NOW);
    expect(request).toMatchObject({ types: [6001], statuses: [0], terms: ['checkout', 'dark mode'], projectIds: [], environments: [], limit: 25, cursor: null });
    expect(request.end - request.start).toBe(DEFAULT_PERIOD_MS + 1);
  });

  it('maps the spam and archived mailboxes to ignored and accepts is:', () => {
    expect(parseIssueSearch({ query: 'status:spam' }, NOW).statuses).toEqual([2]);
    expect(parseIssueSearch({ query: 'is:archived' }, NOW).statuses).toEqual([2]);
    expect(parseIssueSearch({ query: 'status:[resolved,unresolved]' }, NOW).statuses).toEqual([1, 0]);
  });

  it('reads projects, environments, periods, ranges, limit and cursor', () => {
    const request = parseIssueSearch({ project: ['3', '4'], environment: ['prod', 'staging'], statsPeriod: '24h', limit: '500', cursor: '1700000000000:42:0' }, NOW);
    expect(request).toMatchObject({ projectIds: [3, 4], environments: ['prod', 'staging'], start: NOW - 86_400_000, limit: 100, cursor: { key: { lastSeen: 1700000000000, groupId: 42 } } });
    expect(parseIssueSearch({ project: '-1' }, NOW).projectIds).toEqual([]);
    const range = parseIssueSearch({ start: '2026-12-01T00:00:00', end: '2026-12-02T00:00:00Z' }, NOW);
    expect([range.start, range.end]).toEqual([Date.UTC(2026, 11, 1), Date.UTC(2026, 11, 2)]);
  });

  it.each([
    [{ query: 'assigned:me' }, 'query'],
    [{ query: 'status:open' }, 'query'],
    [{ statsPeriod: '1y' }, 'statsPeriod'],
    [{ end: '2026-12-02' }, 'start'],
    [{ start: '2026-12-02', end: '2026-12-01' }, 'start'],
    [{ limit: 'ten' }, 'limit'],
    [{ project: 'web' }, 'project'],
    [{ cursor: '1:2:1' }, 'cursor'],
  ])('refuses %j naming %s', (params, field) => {
    expect(() => parseIssueSearch(params, NOW)).toThrow(InvalidIssueRequest);
    try {
      parseIssueSearch(params, NOW);
    } catch (error) {
      expect((error as InvalidIssueRequest).field).toBe(field);
    }
  });
});

describe('Link header', () => {
  it('has a previous and a next link with results and cursor, as the reference', () => {
    const next = encodeCursor({ key: { lastSeen: 5, groupId: 9 } });
    const header = linkHeader(new URL('http://h/api/0/organizations/acme/issues/?query=x'), { cursor: '0:0:0', results: false }, { cursor: next, results: true });
    expect(header).toBe(
      '<http://h/api/0/organizations/acme/issues/?query=x&cursor=0%3A0%3A0>; rel="previous"; results="false"; cursor="0:0:0", ' +
        '<http://h/api/0/organizations/acme/issues/?query=x&cursor=5%3A9%3A0>; rel="next"; results="true"; cursor="5:9:0"',
    );
  });
});
