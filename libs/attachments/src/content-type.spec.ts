import { attachmentContentType } from './content-type';

describe('attachment content type', () => {
  it('keeps the sent type without its parameters, else guesses from the name, else octet-stream', () => {
    expect(attachmentContentType('text/plain; charset=utf-8', 'a.bin')).toBe('text/plain');
    expect(attachmentContentType(' application/png ', 'x')).toBe('application/png');
    expect(attachmentContentType(null, 'Screenshot.PNG')).toBe('image/png');
    expect(attachmentContentType('', 'state.json')).toBe('application/json');
    expect(attachmentContentType(null, 'minidump')).toBe('application/octet-stream');
    expect(attachmentContentType(null, 'archive.unknownext')).toBe('application/octet-stream');
  });
});
