import { randomBytes } from 'node:crypto';

/** Topic, group and table names unique per test, so suites never see each other's data. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}
