import { GOLDEN_CASES } from '../test/golden-events';
import { md5OfValues } from '../test/expect-hash';
import { groupEvent } from './grouping';

describe('golden events', () => {
  it('has at least 30 cases', () => {
    expect(GOLDEN_CASES.length).toBeGreaterThanOrEqual(30);
  });

  it.each(GOLDEN_CASES.map((golden) => [golden.name, golden] as const))('%s', (_name, golden) => {
    const result = groupEvent(golden.event);
    const contributing = result.variants.filter((variant) => variant.hash !== null);
    const valuesByHash = new Map(contributing.map((variant) => [variant.hash, variant.values.map(String)]));
    expect(result.hashes.map((hash) => valuesByHash.get(hash))).toEqual(golden.hashes);
    expect(result.hashes).toEqual(golden.hashes.map(md5OfValues));
    expect(result.primaryHash).toBe(md5OfValues(golden.hashes[0]));
  });
});
