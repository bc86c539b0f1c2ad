import { createHash } from 'node:crypto';
import type { AppliedMigration } from './migration';

/** What the planning needs from a migration, whatever its body looks like. */
type Versioned = { readonly version: number; readonly name: string };
import { InvalidMigrationListError, MigrationChangedError } from './migration-errors';

/**
 * Checksum of a migration body. Line endings and surrounding whitespace are
 * normalised so a checkout with CRLF or an editor trimming a trailing newline
 * does not look like an edited migration.
 */
export function migrationChecksum(up: string): string {
  const normalised = up.replace(/\r\n?/g, '\n').trim();
  return createHash('sha256').update(normalised).digest('hex');
}

/** Rejects lists that cannot be applied deterministically; returns them sorted by version. */
export function validateMigrations<M extends Versioned>(migrations: readonly M[]): M[] {
  const seen = new Set<number>();
  for (const m of migrations) {
    if (!Number.isSafeInteger(m.version) || m.version <= 0) {
      throw new InvalidMigrationListError(
        `Migration version must be a positive integer, got ${String(m.version)}`,
      );
    }
    if (seen.has(m.version)) {
      throw new InvalidMigrationListError(`Duplicate migration version ${m.version}`);
    }
    if (typeof m.name !== 'string' || m.name.trim() === '') {
      throw new InvalidMigrationListError(`Migration ${m.version} needs a non-empty name`);
    }
    seen.add(m.version);
  }
  return [...migrations].sort((a, b) => a.version - b.version);
}

export interface MigrationPlan<M extends Versioned> {
  readonly pending: ReadonlyArray<{ migration: M; checksum: string }>;
  readonly alreadyApplied: number[];
}

/**
 * Compares shipped migrations with what a runner recorded. Recorded versions the
 * list does not know are tolerated: they come from a newer release during a
 * rolling deploy, or from another component sharing the history table.
 */
export function planMigrations<M extends Versioned>(
  sorted: readonly M[],
  recorded: readonly AppliedMigration[],
  checksumOf: (m: M) => string,
  table: string,
): MigrationPlan<M> {
  const byVersion = new Map(recorded.map((r) => [r.version, r]));
  const pending: Array<{ migration: M; checksum: string }> = [];
  const alreadyApplied: number[] = [];
  for (const migration of sorted) {
    const checksum = checksumOf(migration);
    const applied = byVersion.get(migration.version);
    if (!applied) {
      pending.push({ migration, checksum });
      continue;
    }
    if (applied.name !== migration.name || applied.checksum !== checksum) {
      throw new MigrationChangedError(
        migration.version,
        applied,
        { name: migration.name, checksum },
        table,
      );
    }
    alreadyApplied.push(migration.version);
  }
  return { pending, alreadyApplied };
}
