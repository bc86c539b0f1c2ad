import { normalizeEvent, type EventMessage } from './normalize-event';

const ID = '0123456789abcdef0123456789abcdef';
const NOW = 1_700_000_000;

const message = (payload: unknown, overrides: Partial<EventMessage> = {}): EventMessage => ({
  payload: Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload)),
  start_time: NOW,
  event_id: ID,
  project_id: 7,
  remote_addr: '10.1.2.3',
  ...overrides,
});

function normalized(payload: unknown, overrides: Partial<EventMessage> = {}) {
  const result = normalizeEvent(message(payload, overrides));
  if (!result.ok) throw new Error(`rejected: ${result.reason}`);
  return result.event;
}

function reason(payload: unknown, overrides: Partial<EventMessage> = {}) {
  const result = normalizeEvent(message(payload, overrides));
  return result.ok ? 'accepted' : result.reason;
}

describe('normalizeEvent', () => {
  it('fills the minimal fields: ids, times, level, platform, type', () => {
    const event = normalized({ message: 'hello' });
    expect(event).toMatchObject({ eventId: ID, projectId: 7, timestamp: NOW, received: NOW, level: 'error', platform: 'other', environment: '' });
    expect(event.data).toMatchObject({ event_id: ID, project: 7, type: 'default', logentry: { formatted: 'hello' }, environment: null });
  });

  it('accepts dashed and upper-case event ids and rejects anything else', () => {
    expect(normalized({}, { event_id: '01234567-89AB-CDEF-0123-456789ABCDEF' }).eventId).toBe(ID);
    expect(reason({}, { event_id: 'nope' })).toBe('invalid_event_id');
    expect(reason({}, { event_id: '' })).toBe('invalid_event_id');
  });

  it('rejects what Relay cannot parse: broken JSON, non-objects, too deep, too large', () => {
    expect(reason('{"a":')).toBe('invalid_json');
    expect(reason('[1,2]')).toBe('invalid_json');
    expect(reason('"text"')).toBe('invalid_json');
    expect(reason(`${'['.repeat(200)}${']'.repeat(200)}`)).toBe('invalid_json');
    expect(reason(`{"a":${'['.repeat(130)}${']'.repeat(130)}}`)).toBe('invalid_json');
    expect(reason({ pad: 'x'.repeat(1024 * 1024) })).toBe('too_large');
  });

  it('reads numeric and RFC 3339 timestamps, rejects others, clamps drift', () => {
    expect(normalized({ timestamp: NOW - 5.25 }).timestamp).toBe(NOW - 5.25);
    expect(normalized({ timestamp: new Date((NOW - 10) * 1000).toISOString() }).timestamp).toBe(NOW - 10);
    expect(normalized({ timestamp: '2023-11-14T22:13:10' }).timestamp).toBe(NOW - 10);
    expect(reason({ timestamp: 'yesterday' })).toBe('invalid_timestamp');
    expect(reason({ timestamp: true })).toBe('invalid_timestamp');
    const future = normalized({ timestamp: NOW + 3600 });
    expect(future.timestamp).toBe(NOW);
    expect(future.data['errors']).toEqual([{ type: 'clock_drift', name: 'timestamp', value: NOW + 3600 }]);
    expect(normalized({ timestamp: NOW - 40 * 86400 }).timestamp).toBe(NOW);
  });

  it('normalizes the level, keeping known ones and mapping aliases', () => {
    expect(normalized({ level: 'WARNING' }).level).toBe('warning');
    expect(normalized({ level: 'warn' }).level).toBe('warning');
    expect(normalized({ level: 'critical' }).level).toBe('fatal');
    expect(normalized({ level: 'loud' }).level).toBe('error');
  });

  it('derives tags as pairs after the sent ones, dropping invalid tags', () => {
    const event = normalized({
      tags: { region: 'eu', 'bad key': 'x', long: 'v'.repeat(201), n: 3 },
      level: 'info', environment: 'prod', release: 'app@1', dist: '7', transaction: '/checkout', logger: 'root', user: { email: 'a@b.c' },
    });
    expect(event.tags).toEqual([
      ['region', 'eu'], ['n', '3'], ['level', 'info'], ['logger', 'root'], ['environment', 'prod'], ['transaction', '/checkout'],
      ['sentry:release', 'app@1'], ['sentry:dist', '7'], ['sentry:user', 'email:a@b.c'],
    ]);
    expect(normalized({ tags: [['a', '1'], ['level', 'spoofed'], 'junk'] }).tags).toEqual([['a', '1'], ['level', 'error']]);
  });

  it('fills {{auto}} user IP from the sender and derives sentry_user', () => {
    const event = normalized({ user: { id: 5, ip_address: '{{auto}}' } });
    expect(event.user).toEqual({ id: '5', email: '', username: '', ipAddress: '10.1.2.3' });
    expect(event.data['user']).toMatchObject({ id: 5, ip_address: '10.1.2.3', sentry_user: 'id:5' });
  });

  it('canonicalizes trace and replay ids and drops invalid ones', () => {
    const event = normalized({ contexts: { trace: { trace_id: 'ABCDEF0123456789ABCDEF0123456789' }, replay: { replay_id: 'nope' } } });
    expect(event.traceId).toBe('abcdef0123456789abcdef0123456789');
    expect(event.replayId).toBe('');
  });

  it('takes the errors row\'s replay id from contexts.replay, else from the replayId tag', () => {
    const [fromContext, fromTag] = ['0a1b2c3d-4e5f-4a6b-8c7d-8e9fa0b1c2d3', 'FFEEDDCC-BBAA-4998-8877-665544332211'];
    expect(normalized({ contexts: { replay: { replay_id: fromContext } }, tags: [['replayId', fromTag]] }).replayId).toBe(fromContext.replace(/-/g, ''));
    expect(normalized({ tags: [['replayId', fromTag]] }).replayId).toBe('ffeeddccbbaa49988877665544332211');
    expect(normalized({ tags: { replayId: 'not-a-replay' } }).replayId).toBe('');
  });

  it('formats a logentry template with its params and caps message text', () => {
    expect(normalized({ logentry: { message: 'user %s bought %s', params: ['bob', 3] } }).data['logentry']).toEqual({ message: 'user %s bought %s', params: ['bob', 3], formatted: 'user bob bought 3' });
    const long = normalized({ message: 'm'.repeat(10000) }).data['logentry'] as { formatted: string };
    expect(long.formatted).toHaveLength(8192);
    expect(long.formatted.endsWith('...')).toBe(true);
  });

  it('shapes exceptions for grouping: legacy lists, typed frame fields, long stacks trimmed in the middle', () => {
    const frames = Array.from({ length: 10_000 }, (_, i) => ({ function: `f${i}`, lineno: i, in_app: 'yes' }));
    const event = normalized({ exception: [{ type: 'E', value: 42, stacktrace: { frames: [...frames, 'junk'] } }] });
    const exception = (event.data['exception'] as { values: { value: string; stacktrace: { frames: { function: string; in_app?: unknown }[]; frames_omitted: number[] } }[] }).values[0]!;
    expect(event.data['type']).toBe('error');
    expect(exception.value).toBe('42');
    expect(exception.stacktrace.frames).toHaveLength(250);
    expect(exception.stacktrace.frames_omitted).toEqual([125, 9875]);
    expect(exception.stacktrace.frames[124]!.function).toBe('f124');
    expect(exception.stacktrace.frames[125]!.function).toBe('f9875');
    expect(exception.stacktrace.frames[0]!.in_app).toBeUndefined();
  });
});
