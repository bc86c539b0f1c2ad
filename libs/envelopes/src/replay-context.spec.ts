import { normalizeReplayContext, traceReplayId } from './replay-context';

const replay = '6f1c2d3e4a5b4c6d8e7f901234567890';

describe('normalizeReplayContext', () => {
  it('sets contexts.replay from the trace header, overwriting what the client sent', () => {
    const event = { message: 'boom', contexts: { trace: { trace_id: 'a'.repeat(32) }, replay: { replay_id: 'b'.repeat(32), extra: 1 } } };
    expect(normalizeReplayContext(event, { trace: { trace_id: 'a'.repeat(32), replay_id: replay.toUpperCase() } })).toEqual({
      message: 'boom',
      contexts: { trace: { trace_id: 'a'.repeat(32) }, replay: { type: 'replay', replay_id: replay } },
    });
  });

  it('leaves the event alone without a replay id in the trace header, with one that is not a UUID, or without contexts', () => {
    const event = { contexts: { os: { name: 'Linux' } } };
    expect(normalizeReplayContext(event, {})).toBe(event);
    expect(normalizeReplayContext(event, { trace: { trace_id: 'a'.repeat(32) } })).toBe(event);
    expect(normalizeReplayContext(event, { trace: { replay_id: 'not-a-replay' } })).toBe(event);
    const noContexts = { message: 'x' };
    expect(normalizeReplayContext(noContexts, { trace: { replay_id: replay } })).toBe(noContexts);
  });

  it('reads dashed and plain replay ids', () => {
    expect(traceReplayId({ trace: { replay_id: '6f1c2d3e-4a5b-4c6d-8e7f-901234567890' } })).toBe(replay);
    expect(traceReplayId({ trace: 'x' })).toBeUndefined();
  });
});
