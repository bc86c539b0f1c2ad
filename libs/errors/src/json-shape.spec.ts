import { exceedsDepth } from './json-shape';

/** `[[[…]]]` nested `depth` levels deep. */
const nestedArrays = (depth: number): unknown => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);

describe('exceedsDepth', () => {
  it('counts objects and arrays alike, the top level being 1', () => {
    expect(exceedsDepth({ a: [{ b: 1 }] }, 3)).toBe(false);
    expect(exceedsDepth({ a: [{ b: {} }] }, 3)).toBe(true);
    expect(exceedsDepth('text', 0)).toBe(false);
  });

  it('finds the deep branch among shallow ones', () => {
    expect(exceedsDepth({ shallow: [1, 2], deep: { x: nestedArrays(5) } }, 6)).toBe(true);
    expect(exceedsDepth({ shallow: [1, 2], deep: { x: nestedArrays(5) } }, 7)).toBe(false);
  });

  it('stops at the limit on hostile nesting instead of overflowing the stack', () => {
    expect(exceedsDepth(nestedArrays(100_000), 128)).toBe(true);
    expect(exceedsDepth(nestedArrays(128), 128)).toBe(false);
  });
});
