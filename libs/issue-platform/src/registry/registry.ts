import type { GroupCategory } from './categories';
import { DuplicateGroupTypeError, UnknownGroupTypeError } from './errors';
import { flagLookup, type FeatureFlagSet } from './feature-flags';
import { toGroupType, type GroupType, type GroupTypeAttributes } from './group-type';

/**
 * The group types a process knows, indexed by type id, slug and category.
 *
 * Stricter than the reference: a type id is refused when taken (0 included),
 * a slug is refused when another type has it (the reference silently lets the
 * last one win), and an invalid declaration is refused at registration.
 */
export class GroupTypeRegistry {
  private readonly byId = new Map<number, GroupType>();
  private readonly bySlug = new Map<string, GroupType>();
  private readonly byCategory = new Map<number, Set<number>>();

  constructor(types: Iterable<GroupTypeAttributes> = []) {
    for (const type of types) this.register(type);
  }

  /**
   * Adds a type and returns it (the same object when defineGroupType made it).
   * Throws InvalidGroupTypeError for a broken declaration and
   * DuplicateGroupTypeError when its id or slug is taken; a refused type
   * leaves the registry unchanged.
   */
  register(declared: GroupTypeAttributes): GroupType {
    const type = toGroupType(declared);
    const sameId = this.byId.get(type.typeId);
    if (sameId) throw new DuplicateGroupTypeError('typeId', sameId, type);
    const sameSlug = this.bySlug.get(type.slug);
    if (sameSlug) throw new DuplicateGroupTypeError('slug', sameSlug, type);
    this.byId.set(type.typeId, type);
    this.bySlug.set(type.slug, type);
    for (const category of new Set([type.category, type.categoryV2])) {
      if (category === null) continue;
      let ids = this.byCategory.get(category);
      if (!ids) this.byCategory.set(category, (ids = new Set()));
      ids.add(type.typeId);
    }
    return type;
  }

  /** Registers several types in order; stops at the first refused one. */
  registerAll(types: Iterable<GroupTypeAttributes>): GroupType[] {
    return [...types].map((type) => this.register(type));
  }

  /** Throws UnknownGroupTypeError (naming the id) when no type has it. */
  getByTypeId(typeId: number): GroupType {
    const type = this.byId.get(typeId);
    if (!type) throw new UnknownGroupTypeError(typeId);
    return type;
  }

  /** Undefined when no type has the slug. */
  getBySlug(slug: string): GroupType | undefined {
    return this.bySlug.get(slug);
  }

  has(typeId: number): boolean {
    return this.byId.has(typeId);
  }

  /** Ids (ascending) of the types whose `category` or `categoryV2` is the given one. */
  getByCategory(category: GroupCategory): number[] {
    return [...(this.byCategory.get(category) ?? [])].sort((a, b) => a - b);
  }

  /** Every registered type, in registration order. */
  all(): GroupType[] {
    return [...this.byId.values()];
  }

  /** Every registered type id, ascending. */
  typeIds(): number[] {
    return [...this.byId.keys()].sort((a, b) => a - b);
  }

  /** Released types plus the unreleased ones whose visible flag the organisation has. */
  visibleFor(flags: FeatureFlagSet): GroupType[] {
    const lookup = flagLookup(flags);
    return this.all().filter((type) => type.isVisible(lookup));
  }
}
