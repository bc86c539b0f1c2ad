/**
 * Every schema in schemas/ must stay BACKWARD compatible with its last
 * committed version, so consumers upgraded first can read what producers
 * still write. Runs without any registry.
 */
import { checkAgainstGit } from './compat-check';
import { loadSchemaSources } from './sources';

it('every schema is backward compatible with its committed version', () => {
  const findings = checkAgainstGit(loadSchemaSources());
  expect(findings.filter((f) => !f.compatible)).toEqual([]);
});
