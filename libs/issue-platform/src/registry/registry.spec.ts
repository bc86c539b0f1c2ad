import { GroupCategory } from './categories';
import { DuplicateGroupTypeError, InvalidGroupTypeError, UnknownGroupTypeError } from './errors';
import { defineGroupType, type GroupTypeAttributes } from './group-type';
import { GroupTypeRegistry } from './registry';

const base = { description: 'Test type', category: GroupCategory.PERFORMANCE };
const a = defineGroupType({ ...base, typeId: 91001, slug: 'alpha_issue', description: 'Alpha', categoryV2: GroupCategory.DB_QUERY });
const b = defineGroupType({ ...base, typeId: 91002, slug: 'beta_issue', description: 'Beta', released: true });

function errorOf(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('GroupTypeRegistry', () => {
  it('registers types and returns the same frozen objects', () => {
    const registry = new GroupTypeRegistry();
    expect(registry.register(a)).toBe(a);
    expect(registry.register(b)).toBe(b);
    expect(registry.all()).toEqual([a, b]);
    expect(registry.typeIds()).toEqual([91001, 91002]);
  });

  it('refuses a duplicate type id', () => {
    const registry = new GroupTypeRegistry([a]);
    const error = errorOf(() => registry.register(defineGroupType({ ...base, typeId: 91001, slug: 'other_issue' })));
    expect(error).toBeInstanceOf(DuplicateGroupTypeError);
    expect((error as DuplicateGroupTypeError).attribute).toBe('typeId');
    expect(error.message).toBe(
      'cannot register group type 91001 "other_issue" (Test type): type id 91001 is already used by group type 91001 "alpha_issue" (Alpha)',
    );
  });

  it('refuses a duplicate type id 0 too (the reference misses it)', () => {
    const registry = new GroupTypeRegistry([defineGroupType({ ...base, typeId: 0, slug: 'zero_one' })]);
    expect(() => registry.register(defineGroupType({ ...base, typeId: 0, slug: 'zero_two' }))).toThrow(DuplicateGroupTypeError);
  });

  it('refuses a duplicate slug, naming both types', () => {
    const registry = new GroupTypeRegistry([a]);
    const error = errorOf(() => registry.register(defineGroupType({ ...base, typeId: 91003, slug: 'alpha_issue', description: 'Alpha again' })));
    expect(error).toBeInstanceOf(DuplicateGroupTypeError);
    expect(error.message).toContain('91003 "alpha_issue" (Alpha again)');
    expect(error.message).toContain('91001 "alpha_issue" (Alpha)');
    expect(error.message).toMatch(/slug "alpha_issue" is already used/);
    expect(registry.all()).toEqual([a]);
    expect(registry.has(91003)).toBe(false);
  });

  it('refuses an invalid category, also on objects not made by defineGroupType', () => {
    const registry = new GroupTypeRegistry();
    const handMade = { ...a, typeId: 91004, slug: 'hand_made', category: 42 } as unknown as GroupTypeAttributes;
    const error = errorOf(() => registry.register(handMade));
    expect(error).toBeInstanceOf(InvalidGroupTypeError);
    expect((error as InvalidGroupTypeError).field).toBe('category');
    expect(error.message).toBe('invalid group type 91004 "hand_made" (Alpha): category: must be a GroupCategory value, got 42');
    expect(registry.all()).toEqual([]);
  });

  it('rebuilds a spread copy so its behaviour follows its own slug', () => {
    const registry = new GroupTypeRegistry();
    const copy = registry.register({ ...a, typeId: 91005, slug: 'alpha_copy' });
    expect(copy).not.toBe(a);
    expect(Object.isFrozen(copy)).toBe(true);
    expect(copy.isVisible(['organizations:issue-alpha-copy-visible'])).toBe(true);
    expect(copy.isVisible(['organizations:issue-alpha-issue-visible'])).toBe(false);
  });

  it('looks types up by id, slug and category', () => {
    const registry = new GroupTypeRegistry([a, b]);
    expect(registry.getByTypeId(91002)).toBe(b);
    expect(registry.getBySlug('alpha_issue')).toBe(a);
    expect(registry.getBySlug('gamma_issue')).toBeUndefined();
    expect(registry.getByCategory(GroupCategory.PERFORMANCE)).toEqual([91001, 91002]);
    expect(registry.getByCategory(GroupCategory.DB_QUERY)).toEqual([91001]);
    expect(registry.getByCategory(GroupCategory.FEEDBACK)).toEqual([]);
  });

  it('throws a typed error naming an unknown id', () => {
    const error = errorOf(() => new GroupTypeRegistry().getByTypeId(4242));
    expect(error).toBeInstanceOf(UnknownGroupTypeError);
    expect((error as UnknownGroupTypeError).typeId).toBe(4242);
    expect(error.message).toContain('4242');
  });

  it('lists the types visible to an organisation', () => {
    const registry = new GroupTypeRegistry([a, b]);
    expect(registry.visibleFor([])).toEqual([b]);
    expect(registry.visibleFor(['organizations:issue-alpha-issue-visible'])).toEqual([a, b]);
    expect(registry.visibleFor(new Set(['organizations:issue-alpha-issue-ingest']))).toEqual([b]);
  });
});
