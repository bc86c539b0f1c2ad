import { InvalidMigrationListError, MigrationChangedError } from './migration-errors';
import { migrationChecksum, planMigrations, validateMigrations } from './plan-migrations';

describe('migration planning', () => {
  const m = (version: number, name = `m${version}`, up = `SELECT ${version}`) => ({
    version,
    name,
    up,
  });
  const recordOf = (x: ReturnType<typeof m>) => ({
    version: x.version,
    name: x.name,
    checksum: migrationChecksum(x.up),
  });

  it('sorts by version and rejects duplicates or bad versions', () => {
    expect(validateMigrations([m(3), m(1), m(2)]).map((x) => x.version)).toEqual([1, 2, 3]);
    expect(() => validateMigrations([m(1), m(1, 'other')])).toThrow(InvalidMigrationListError);
    expect(() => validateMigrations([m(-1)])).toThrow(/positive integer/);
    expect(() => validateMigrations([m(Number.NaN)])).toThrow(/positive integer/);
  });

  it('ignores whitespace-only differences in checksums', () => {
    expect(migrationChecksum('SELECT 1;\r\n')).toBe(migrationChecksum('  SELECT 1;'));
    expect(migrationChecksum('SELECT 1;')).not.toBe(migrationChecksum('SELECT 2;'));
  });

  it('plans pending migrations and tolerates versions recorded by others', () => {
    const plan = planMigrations(
      [m(1), m(2), m(4)],
      [recordOf(m(1)), recordOf(m(3, 'from a newer release'))],
      (x) => migrationChecksum(x.up),
      't',
    );
    expect(plan.alreadyApplied).toEqual([1]);
    expect(plan.pending.map((p) => p.migration.version)).toEqual([2, 4]);
  });

  it('names both sides when a recorded migration changed', () => {
    const attempt = () =>
      planMigrations(
        [m(1, 'renamed')],
        [recordOf(m(1))],
        (x) => migrationChecksum(x.up),
        'schema_migrations',
      );
    expect(attempt).toThrow(MigrationChangedError);
    expect(attempt).toThrow(
      /recorded in schema_migrations as "m1".*differs from the shipped "renamed"/,
    );
  });
});
