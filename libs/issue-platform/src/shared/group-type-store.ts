import {
  findConflictingGroupTypes, findGroupType, GROUP_TYPE_MIGRATIONS_TABLE, groupTypeHistory, groupTypeMigrations, insertGroupType,
  listGroupTypes, updateGroupTypeAttributes, type StoredGroupType,
} from '@issuestream/group-types-data';
import { migrate } from '@issuestream/storage';
import type { Pool } from 'pg';
import { defaultGroupTypeRegistry } from '../registry/default-registry';
import { DuplicateGroupTypeError, InvalidGroupTypeError, describeGroupType } from '../registry/errors';
import { defineGroupType, toGroupType, type GroupType, type GroupTypeAttributes } from '../registry/group-type';
import { BUILTIN_GROUP_TYPES } from '../registry/builtin';
import { GroupTypeRegistry } from '../registry/registry';
import { canonicalJson, groupTypeFromRow, storedAttributes, type MutableGroupTypeAttributes } from './stored-form';

/** A type as the shared registry holds it: the type plus who registered it and its version. */
export interface RegisteredGroupType {
  readonly type: GroupType;
  readonly owner: string;
  /** 1 when registered, +1 for every change of its attributes. */
  readonly version: number;
  readonly registeredAt: Date;
  readonly updatedAt: Date;
}

export interface GroupTypeVersion {
  readonly version: number;
  readonly type: GroupType;
  readonly changedBy: string;
  readonly changedAt: Date;
}

/** What `register` did: stored a new type, found the same declaration, or recorded a new version of its attributes. */
export type RegistrationOutcome = 'registered' | 'unchanged' | 'updated';

export interface GroupTypeStoreOptions {
  /** Types defined in code (default: the built-in types); their ids and slugs cannot be registered. */
  builtins?: GroupTypeRegistry;
  /** This process's registry (default: the process-wide one); registered types are added so local producers accept them. */
  local?: GroupTypeRegistry;
}

const BUILTINS = new GroupTypeRegistry(BUILTIN_GROUP_TYPES);

/**
 * The group-type registry shared by every service through Postgres.
 * Registering is durable and checked by the table's unique constraints, so
 * of two services registering the same id or slug at once exactly one wins.
 */
export class GroupTypeStore {
  private readonly builtins: GroupTypeRegistry;
  private readonly local: GroupTypeRegistry;

  private constructor(private readonly pool: Pool, options: GroupTypeStoreOptions) {
    this.builtins = options.builtins ?? BUILTINS;
    this.local = options.local ?? defaultGroupTypeRegistry;
  }

  /** Creates the tables when missing (idempotent, safe from many processes at once), then returns the store. */
  static async open(pool: Pool, options: GroupTypeStoreOptions = {}): Promise<GroupTypeStore> {
    await migrate(pool, groupTypeMigrations, { table: GROUP_TYPE_MIGRATIONS_TABLE });
    return new GroupTypeStore(pool, options);
  }

  /**
   * Registers a type for `owner` (the service that declares it). The same
   * declaration again is a no-op; the same owner with other mutable
   * attributes records a new version. Throws DuplicateGroupTypeError when the
   * id or slug belongs to a built-in or to another declaration, and
   * InvalidGroupTypeError when the owner tries to change slug or category.
   * The type is also added to the process's own registry (unless it holds
   * the id or slug already) so this process's producers accept it.
   */
  async register(declared: GroupTypeAttributes, { owner }: { owner: string }): Promise<{ outcome: RegistrationOutcome; registered: RegisteredGroupType }> {
    const type = toGroupType(declared);
    this.refuseBuiltinClash(type, owner);
    const attributes = storedAttributes(type);
    const inserted = await insertGroupType(this.pool, { typeId: type.typeId, slug: type.slug, category: type.category, owner, attributes });
    const result = inserted ? { outcome: 'registered' as const, row: inserted } : await this.reRegister(type, owner);
    this.addLocally(type);
    return { outcome: result.outcome, registered: registeredFrom(result.row) };
  }

  /**
   * Changes attributes of a registered type (release it, new noise config, …)
   * on behalf of `actor`, whoever owns it. Returns the new version, or the
   * current one when nothing changed.
   */
  async change(idOrSlug: number | string, changes: MutableGroupTypeAttributes, { actor }: { actor: string }): Promise<RegisteredGroupType> {
    const current = await this.get(idOrSlug);
    const { typeId, slug, category } = current.type;
    const next = defineGroupType({ ...current.type, ...changes, typeId, slug, category });
    const row = await updateGroupTypeAttributes(this.pool, typeId, storedAttributes(next), actor);
    if (!row) throw new InvalidGroupTypeError('typeId', 'no registered type has it', String(idOrSlug));
    return registeredFrom(row);
  }

  async list(): Promise<RegisteredGroupType[]> {
    return (await listGroupTypes(this.pool)).map(registeredFrom);
  }

  /** Undefined when no registered type has the id or slug (built-ins are not stored here). */
  async find(idOrSlug: number | string): Promise<RegisteredGroupType | undefined> {
    const row = await findGroupType(this.pool, idOrSlug);
    return row ? registeredFrom(row) : undefined;
  }

  /** Every version of a registered type, oldest first. */
  async history(idOrSlug: number | string): Promise<GroupTypeVersion[]> {
    const current = await this.get(idOrSlug);
    const { typeId, slug, category } = current.type;
    return (await groupTypeHistory(this.pool, typeId)).map((change) => ({
      version: change.version,
      type: groupTypeFromRow({ typeId, slug, category, attributes: change.attributes }),
      changedBy: change.changedBy,
      changedAt: change.changedAt,
    }));
  }

  private async get(idOrSlug: number | string): Promise<RegisteredGroupType> {
    const found = await this.find(idOrSlug);
    if (!found) throw new InvalidGroupTypeError(typeof idOrSlug === 'number' ? 'typeId' : 'slug', 'no registered type has it', String(idOrSlug));
    return found;
  }

  private async reRegister(type: GroupType, owner: string): Promise<{ outcome: RegistrationOutcome; row: StoredGroupType }> {
    const [existing, other] = await findConflictingGroupTypes(this.pool, type.typeId, type.slug);
    // The insert found a conflict, so a committed row holds the id or the slug.
    if (!existing) throw new Error(`group type ${describeGroupType(type)} conflicted but no conflicting row was found`);
    const clash = existing.typeId !== type.typeId ? existing : other;
    if (existing.typeId !== type.typeId || existing.owner !== owner || clash) {
      const holder = clash ?? existing;
      const attribute = holder.typeId === type.typeId ? 'typeId' : 'slug';
      throw new DuplicateGroupTypeError(attribute, groupTypeFromRow(holder), type, { existing: holder.owner, rejected: owner });
    }
    for (const field of ['slug', 'category'] as const) {
      if (existing[field] !== type[field]) {
        throw new InvalidGroupTypeError(field, `cannot change once registered (registered as ${JSON.stringify(existing[field])})`, describeGroupType(type));
      }
    }
    const attributes = storedAttributes(type);
    if (canonicalJson(existing.attributes) === canonicalJson(attributes)) return { outcome: 'unchanged', row: existing };
    const row = await updateGroupTypeAttributes(this.pool, type.typeId, attributes, owner);
    return { outcome: row && row.version !== existing.version ? 'updated' : 'unchanged', row: row ?? existing };
  }

  private refuseBuiltinClash(type: GroupType, owner: string): void {
    const builtin = this.builtins.has(type.typeId) ? this.builtins.getByTypeId(type.typeId) : this.builtins.getBySlug(type.slug);
    if (!builtin) return;
    const attribute = builtin.typeId === type.typeId ? 'typeId' : 'slug';
    throw new DuplicateGroupTypeError(attribute, builtin, type, { existing: 'built-in', rejected: owner });
  }

  private addLocally(type: GroupType): void {
    if (this.local.has(type.typeId) || this.local.getBySlug(type.slug)) return;
    this.local.register(type);
  }
}

function registeredFrom(row: StoredGroupType): RegisteredGroupType {
  return { type: groupTypeFromRow(row), owner: row.owner, version: row.version, registeredAt: row.registeredAt, updatedAt: row.updatedAt };
}
