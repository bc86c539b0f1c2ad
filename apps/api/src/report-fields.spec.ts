import { checkReportBody } from './report-fields';

describe('checkReportBody', () => {
  it('trims and returns the fields of a valid report', () => {
    expect(checkReportBody({ name: ' Jane ', email: 'jane@example.com', comments: ' It broke\n', event_id: 'a'.repeat(32) }, true)).toEqual({
      ok: true,
      body: { name: 'Jane', email: 'jane@example.com', comments: 'It broke', event_id: 'a'.repeat(32) },
    });
  });

  it('names each failing field with its message', () => {
    expect(checkReportBody({ name: 7, email: 'x'.repeat(70) + '@e.com', comments: null }, false)).toEqual({
      ok: false,
      errors: {
        name: ['Not a valid string.'],
        email: ['Ensure this field has no more than 75 characters.'],
        comments: ['This field is required.'],
      },
    });
  });

  it('counts characters, not bytes', () => {
    expect(checkReportBody({ name: '\u{1F600}'.repeat(128), email: 'a@b.co', comments: 'x' }, false).ok).toBe(true);
  });
});
