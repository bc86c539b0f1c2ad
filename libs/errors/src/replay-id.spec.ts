import { errorReplayId, normalizeUuid } from './replay-id';

const REPLAY = '0a1b2c3d-4e5f-4a6b-8c7d-8e9fa0b1c2d3';
const HEX = REPLAY.replace(/-/g, '');
const OTHER = 'ffeeddccbbaa49988877665544332211';

describe('errorReplayId', () => {
  it('takes contexts.replay.replay_id, in any UUID spelling, over the tag', () => {
    expect(errorReplayId({ replay: { replay_id: ` ${REPLAY.toUpperCase()} ` } }, [['replayId', OTHER]])).toBe(HEX);
  });

  it('falls back to the replayId tag when the context has no id', () => {
    expect(errorReplayId(undefined, [['level', 'error'], ['replayId', REPLAY]])).toBe(HEX);
    expect(errorReplayId({ replay: { replay_id: null } }, [['replayId', OTHER]])).toBe(OTHER);
    expect(errorReplayId({ replay: { replay_id: '' } }, [['replayId', OTHER]])).toBe(OTHER);
    expect(errorReplayId({ trace: { trace_id: OTHER } }, [['replayId', REPLAY]])).toBe(HEX);
  });

  it('gives none for an id that is not a UUID, without falling back from a set context id', () => {
    expect(errorReplayId({ replay: { replay_id: 'not-a-replay' } }, [['replayId', OTHER]])).toBeNull();
    expect(errorReplayId({}, [['replayId', 'xyz']])).toBeNull();
    expect(errorReplayId({}, [])).toBeNull();
  });
});

describe('normalizeUuid', () => {
  it('normalizes UUIDs in any accepted spelling', () => {
    expect(normalizeUuid(` ${REPLAY.toUpperCase()} `)).toBe(HEX);
    expect(normalizeUuid('xyz')).toBeNull();
    expect(normalizeUuid(7)).toBeNull();
  });
});
