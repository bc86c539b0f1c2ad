import { culprit, describeEvent } from './describe';
import type { ErrorEvent } from './event';

const nodeError: ErrorEvent = {
  platform: 'node',
  exception: { values: [{ type: 'TypeError', value: "Cannot read properties of undefined (reading 'id')\n    at handler", stacktrace: { frames: [
    { function: 'processTicksAndRejections', filename: 'node:internal/process/task_queues', in_app: false },
    { function: 'getUser', filename: '/app/src/users.js', module: 'users', in_app: true },
    { function: 'query', filename: '/app/node_modules/pg/lib/client.js', in_app: false },
  ] } }] },
};

describe('describeEvent', () => {
  it('titles an error by type and the first line of its value', () => {
    const description = describeEvent(nodeError);
    expect(description.type).toBe('error');
    expect(description.title).toBe("TypeError: Cannot read properties of undefined (reading 'id')");
    expect(description.metadata).toEqual({
      type: 'TypeError',
      value: "Cannot read properties of undefined (reading 'id')\n    at handler",
      filename: '/app/src/users.js',
      function: 'getUser',
    });
    expect(description.location).toBe('/app/src/users.js');
  });

  it('takes the culprit from the last in-app frame', () => {
    expect(describeEvent(nodeError).culprit).toBe('getUser(users)');
  });

  it('cuts long values to 100 characters in the title', () => {
    const title = describeEvent({ exception: { values: [{ type: 'E', value: 'x'.repeat(150) }] } }).title;
    expect(title).toBe(`E: ${'x'.repeat(97)}...`);
  });

  it('titles a synthetic exception by its crash function', () => {
    const description = describeEvent({ platform: 'native', exception: { values: [{ type: 'SIGSEGV', mechanism: { synthetic: true }, stacktrace: { frames: [{ function: 'crash_here(int)', in_app: true }] } }] } });
    expect(description.title).toBe('crash_here');
  });

  it('uses the exception named by grouping for the title', () => {
    const event: ErrorEvent = { exception: { values: [
      { type: 'ExceptionGroup', value: 'many', mechanism: { exception_id: 0, is_exception_group: true } },
      { type: 'ValueError', value: 'bad', mechanism: { exception_id: 1, parent_id: 0 } },
    ] } };
    expect(describeEvent(event, 0).title).toBe('ExceptionGroup: many');
    expect(describeEvent(event).title).toBe('ValueError: bad');
  });

  it('titles a message event by its first line', () => {
    const description = describeEvent({ logentry: { formatted: '  Payment 42 failed\nretrying' } });
    expect(description).toMatchObject({ type: 'default', title: 'Payment 42 failed', metadata: { title: 'Payment 42 failed' } });
  });

  it('titles an empty event as unlabeled', () => {
    expect(describeEvent({}).title).toBe('<unlabeled event>');
  });

  it('keeps a title set by a fingerprint rule', () => {
    expect(describeEvent({ ...nodeError, title: 'Custom' }).title).toBe('Custom');
  });
});

describe('culprit', () => {
  it('prefers the SDK culprit, then the transaction', () => {
    expect(culprit({ ...nodeError, culprit: 'sdk' })).toBe('sdk');
    expect(culprit({ ...nodeError, transaction: 'GET /users/:id' })).toBe('GET /users/:id');
  });

  it('formats frames per platform', () => {
    const frames = [{ function: 'save', module: 'app.models', in_app: true }];
    expect(culprit({ platform: 'python', stacktrace: { frames } })).toBe('app.models in save');
    expect(culprit({ platform: 'cocoa', stacktrace: { frames } })).toBe('save');
  });

  it('falls back to the last frame, then the request URL', () => {
    expect(culprit({ platform: 'python', stacktrace: { frames: [{ function: 'a', module: 'lib' }, { function: 'b', module: 'lib2' }] } })).toBe('lib2 in b');
    expect(culprit({ request: { url: 'https://x.io/y' } })).toBe('https://x.io/y');
  });
});
