import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

describe('@issuestream/storage entry point', () => {
  it('does not load the embedded ClickHouse engine until an embedded client is created', () => {
    // A fresh Node process: jest's module registry would hide what a real app loads.
    const script = `
      require(${JSON.stringify(join(__dirname, 'index.ts'))});
      const loaded = Object.keys(require.cache).some((file) => file.includes('/node_modules/chdb/'));
      process.stdout.write(JSON.stringify({ loaded }));
    `;
    const run = spawnSync(process.execPath, ['-r', '@swc-node/register', '-e', script], {
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ loaded: false });
  });
});
