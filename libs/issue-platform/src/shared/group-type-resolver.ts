import { GROUP_TYPE_MIGRATIONS_TABLE, groupTypeMigrations, listGroupTypes } from '@issuestream/group-types-data';
import { migrate } from '@issuestream/storage';
import type { Pool } from 'pg';
import { defaultGroupTypeRegistry } from '../registry/default-registry';
import type { GroupType } from '../registry/group-type';
import type { GroupTypeRegistry } from '../registry/registry';
import { groupTypeFromRow } from './stored-form';

/** Where a consumer looks group types up; ids it cannot find are absent from the answer. */
export interface GroupTypeSource {
  resolve(typeIds: readonly number[]): Promise<ReadonlyMap<number, GroupType>>;
}

export interface GroupTypeResolverOptions {
  /** Types known in code (default: the process-wide registry); they win over stored ones. */
  local?: GroupTypeRegistry;
  /** How long the stored types are reused before being read again; attribute changes take effect within this. */
  ttlMs?: number;
  /**
   * Least time between two reads caused by unknown ids: a batch with an
   * unknown id waits for it, then reads again, so a stream of truly unknown
   * types costs at most one small query per interval.
   */
  missRefreshMs?: number;
  now?: () => number;
  /** Told about stored rows that are not valid types any more (edited by hand); they resolve as unknown. */
  onInvalid?: (typeId: number, error: Error) => void;
}

export const GROUP_TYPE_CACHE_DEFAULTS = { ttlMs: 5000, missRefreshMs: 250 } as const;

/**
 * Built-ins from code plus the types registered in the shared store. The
 * stored ones are read all at once (the table is small) and kept for `ttlMs`;
 * an id found nowhere triggers a re-read that starts after the batch arrived,
 * so a type registered before its first occurrence was produced always
 * resolves, without a restart.
 */
export class GroupTypeResolver implements GroupTypeSource {
  private stored = new Map<number, GroupType>();
  private loadedAt = Number.NEGATIVE_INFINITY;
  private loading: Promise<void> | undefined;
  private readonly local: GroupTypeRegistry;
  private readonly ttlMs: number;
  private readonly missRefreshMs: number;
  private readonly now: () => number;
  private readonly onInvalid: (typeId: number, error: Error) => void;

  private constructor(private readonly pool: Pool, options: GroupTypeResolverOptions) {
    this.local = options.local ?? defaultGroupTypeRegistry;
    this.ttlMs = options.ttlMs ?? GROUP_TYPE_CACHE_DEFAULTS.ttlMs;
    this.missRefreshMs = options.missRefreshMs ?? GROUP_TYPE_CACHE_DEFAULTS.missRefreshMs;
    this.now = options.now ?? Date.now;
    this.onInvalid = options.onInvalid ?? warnInvalid;
  }

  /** Creates the registry's tables when missing, then returns a resolver that has read nothing yet. */
  static async open(pool: Pool, options: GroupTypeResolverOptions = {}): Promise<GroupTypeResolver> {
    await migrate(pool, groupTypeMigrations, { table: GROUP_TYPE_MIGRATIONS_TABLE });
    return new GroupTypeResolver(pool, options);
  }

  async resolve(typeIds: readonly number[]): Promise<ReadonlyMap<number, GroupType>> {
    const wanted = [...new Set(typeIds)].filter((id) => !this.local.has(id));
    const missing = wanted.some((id) => !this.stored.has(id));
    if (missing) {
      await sleep(this.loadedAt + this.missRefreshMs - this.now());
      // A read already under way may have started before this batch arrived; the one after it did not.
      await this.loading;
      await this.refresh();
    } else if (wanted.length > 0 && this.now() - this.loadedAt >= this.ttlMs) {
      await this.refresh();
    }
    const found = new Map<number, GroupType>();
    for (const id of new Set(typeIds)) {
      const type = this.local.has(id) ? this.local.getByTypeId(id) : this.stored.get(id);
      if (type) found.set(id, type);
    }
    return found;
  }

  /** One read at a time; callers arriving meanwhile share it. */
  private refresh(): Promise<void> {
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async load(): Promise<void> {
    const startedAt = this.now();
    const rows = await listGroupTypes(this.pool);
    const stored = new Map<number, GroupType>();
    for (const row of rows) {
      try {
        stored.set(row.typeId, groupTypeFromRow(row));
      } catch (error) {
        this.onInvalid(row.typeId, error as Error);
      }
    }
    this.stored = stored;
    this.loadedAt = startedAt;
  }
}

const sleep = (ms: number) => (ms > 0 ? new Promise<void>((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

function warnInvalid(typeId: number, error: Error): void {
  console.warn(JSON.stringify({ level: 'warn', msg: `stored group type ${typeId} is invalid and is ignored`, error: error.message }));
}

