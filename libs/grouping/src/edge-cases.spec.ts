import { md5OfValues } from '../test/expect-hash';
import type { ErrorEvent, Frame } from './event';
import { groupEvent } from './grouping';

describe('edge cases', () => {
  it('skips null exceptions, threads and frames', () => {
    const event: ErrorEvent = {
      platform: 'python',
      exception: { values: [null, { type: 'E', stacktrace: { frames: [null, { module: 'm', function: 'f', in_app: true }, null] } }] },
      threads: { values: [null] },
    };
    expect(groupEvent(event).hashes).toEqual([md5OfValues(['m', 'f', 'E'])]);
  });

  it('treats an empty exception list like no exception', () => {
    expect(groupEvent({ exception: { values: [] }, logentry: { formatted: 'x' } }).strategy).toBe('message');
  });

  it('groups a stack trace of 10,000 frames', () => {
    const frames: Frame[] = Array.from({ length: 10_000 }, (_, index) => ({ module: `m${index % 7}`, function: `f${index % 5}`, lineno: index, in_app: true }));
    const result = groupEvent({ platform: 'python', stacktrace: { frames } });
    expect(result.hashes).toHaveLength(1);
    expect(result.variants.find((variant) => variant.name === 'app')?.values).toHaveLength(20_000);
  });

  it('collapses 10,000 identical recursive frames into one', () => {
    const frame: Frame = { module: 'm', function: 'f', lineno: 3, in_app: true };
    expect(groupEvent({ platform: 'python', stacktrace: { frames: Array.from({ length: 10_000 }, () => frame) } }).hashes).toEqual([md5OfValues(['m', 'f'])]);
  });

  it('hashes a chain of 500 exceptions in order', () => {
    const values = Array.from({ length: 500 }, (_, index) => ({ type: `E${index}` }));
    expect(groupEvent({ exception: { values } }).hashes).toEqual([md5OfValues(values.map((value) => value.type))]);
  });

  it('gives an exception group with a cycle back unchanged', () => {
    const event: ErrorEvent = { exception: { values: [
      { type: 'Group', mechanism: { exception_id: 0, is_exception_group: true } },
      { type: 'A', mechanism: { exception_id: 1, parent_id: 2, is_exception_group: true } },
      { type: 'B', mechanism: { exception_id: 2, parent_id: 1, is_exception_group: true } },
    ] } };
    expect(groupEvent(event).hashes).toEqual([md5OfValues(['Group', 'A', 'B'])]);
  });

  it('replaces lone surrogates with ? before hashing, as the reference encodes', () => {
    expect(groupEvent({ fingerprint: ['bad \ud800 text'] }).hashes).toEqual([md5OfValues(['bad ? text'])]);
    expect(groupEvent({ fingerprint: ['fine 😀'] }).hashes).toEqual([md5OfValues(['fine 😀'])]);
    // A high surrogate ending one value and a low one starting the next are two lone ones, not a pair.
    expect(groupEvent({ fingerprint: ['a\ud83d', '\ude00b'] }).hashes).toEqual([md5OfValues(['a?', '?b'])]);
  });

  it('hashes NSError codes as text and a missing domain as None (Python str of None)', () => {
    const result = groupEvent({ exception: { values: [{ type: 'NSError', mechanism: { meta: { ns_error: { code: 42 } } } }] } });
    expect(result.hashes).toEqual([md5OfValues(['NSError', 'None', '42'])]);
  });
});
