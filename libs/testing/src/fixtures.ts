import path from 'node:path';

/** The captured reference messages, kept in this repository (see the README beside them). */
const IN_REPO_FIXTURES = path.resolve(__dirname, '../fixtures/sentry-kafka');

/**
 * Where the contract tests read the reference messages from. FIXTURES_DIR
 * points them at another capture (e.g. newer messages from a live system)
 * without editing the repository.
 */
export function fixturesDir(): string {
  return process.env['FIXTURES_DIR'] || IN_REPO_FIXTURES;
}

export const fixturePath = (file: string): string => path.join(fixturesDir(), file);
