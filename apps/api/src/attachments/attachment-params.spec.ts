import { parseAttachmentId, parseEventId, parseListQuery } from './attachment-params';
import { contentDisposition, linkHeader, pageOf } from './attachment-response';
import type { StoredEventAttachment } from '@issuestream/attachments-data';

describe('attachment request parameters', () => {
  it('takes event ids in any UUID spelling and names a bad one', () => {
    expect(parseEventId('AB'.repeat(16))).toEqual({ ok: true, value: 'ab'.repeat(16) });
    expect(parseEventId('0b5c5d8e-8f6e-4d0a-9a51-61d0c2f5b0a1')).toEqual({ ok: true, value: '0b5c5d8e8f6e4d0a9a5161d0c2f5b0a1' });
    expect(parseEventId('nope')).toMatchObject({ ok: false, error: { field: 'event_id' } });
  });

  it('takes positive integer attachment ids only', () => {
    expect(parseAttachmentId('42')).toEqual({ ok: true, value: 42 });
    for (const bad of ['0', '-1', '1.5', 'x', '99999999999999999999']) expect(parseAttachmentId(bad)).toMatchObject({ ok: false, error: { field: 'attachment_id' } });
  });

  it('reads query, per_page and cursor, naming whichever is malformed or too long', () => {
    expect(parseListQuery({})).toEqual({ ok: true, value: { nameContains: null, offset: 0, limit: 100 } });
    expect(parseListQuery({ query: 'is:screenshot', per_page: '2', cursor: '2:4:0' })).toEqual({ ok: true, value: { nameContains: 'screenshot', offset: 4, limit: 2 } });
    expect(parseListQuery({ query: 'x'.repeat(201) })).toMatchObject({ ok: false, error: { field: 'query' } });
    expect(parseListQuery({ per_page: '101' })).toMatchObject({ ok: false, error: { field: 'per_page' } });
    expect(parseListQuery({ per_page: 'ten' })).toMatchObject({ ok: false, error: { field: 'per_page' } });
    expect(parseListQuery({ cursor: 'abc' })).toMatchObject({ ok: false, error: { field: 'cursor', detail: 'cursor: expected <per_page>:<offset>:0 as in the Link header' } });
  });
});

describe('attachment responses', () => {
  const named = (name: string, id: number) => ({ name, id }) as StoredEventAttachment;
  it('pages by name filter, offset and limit', () => {
    const all = [named('a.txt', 1), named('screenshot.png', 2), named('Screenshot-2.png', 3), named('z.log', 4)];
    expect(pageOf(all, { nameContains: 'SCREENSHOT', offset: 0, limit: 1 })).toEqual({ page: [all[1]], more: true });
    expect(pageOf(all, { nameContains: null, offset: 2, limit: 2 })).toEqual({ page: [all[2], all[3]], more: false });
  });

  it('links the previous and next pages with cursors', () => {
    const header = linkHeader(new URL('http://api.example/x/?query=a'), { nameContains: 'a', offset: 2, limit: 2 }, true);
    expect(header).toBe('<http://api.example/x/?query=a&cursor=2%3A0%3A0>; rel="previous"; results="true"; cursor="2:0:0", '
      + '<http://api.example/x/?query=a&cursor=2%3A4%3A0>; rel="next"; results="true"; cursor="2:4:0"');
  });

  it('names the download safely, with the exact name in RFC 5987 form', () => {
    expect(contentDisposition('screenshot.png')).toBe(`attachment; filename="screenshot.png"; filename*=UTF-8''screenshot.png`);
    expect(contentDisposition('a"b\\c\n€.txt')).toBe(`attachment; filename="a_b_c__.txt"; filename*=UTF-8''a%22b%5Cc%0A%E2%82%AC.txt`);
  });
});
