import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../../test/test-env';
import { createClickHouse } from './create-clickhouse';
import { ChdbOpenError } from './open-chdb-connection';

/**
 * chDB is one engine per process bound to one data directory, and a directory
 * is locked by the process using it. These specs pin down how that surfaces.
 */
describe('embedded ClickHouse data directories', () => {
  const dirs: string[] = [];
  const freshDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'storage-chdb-'));
    dirs.push(dir);
    return dir;
  };

  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('persists data on disk across close and re-open', async () => {
    const dir = freshDir();
    const first = await createClickHouse({ path: dir, database: 'persisted' });
    await first.command({ query: 'CREATE TABLE t (x UInt8) ENGINE = MergeTree ORDER BY x' });
    await first.insert({ table: 't', values: [{ x: 7 }], format: 'JSONEachRow' });
    await first.close();

    const second = await createClickHouse({ path: dir, database: 'persisted' });
    try {
      expect(
        await (await second.query({ query: 'SELECT x FROM t', format: 'JSONEachRow' })).json(),
      ).toEqual([{ x: 7 }]);
    } finally {
      await second.close();
    }
  });

  it('refuses a second directory in the same process until the first client is closed', async () => {
    const [a, b] = [freshDir(), freshDir()];
    const first = await createClickHouse({ path: a });
    try {
      const err = await createClickHouse({ path: b }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ChdbOpenError);
      expect(String(err)).toMatch(/already has a chDB client open on another data directory/);
      // Same directory is fine: clients share the engine.
      const sibling = await createClickHouse({ path: a });
      await sibling.close();
    } finally {
      await first.close();
    }
    const afterClose = await createClickHouse({ path: b });
    await afterClose.close();
  });

  it('names the process holding a directory another process has open', async () => {
    const dir = freshDir();
    const holder = holdDirectoryInChildProcess(dir);
    try {
      await holder.ready;
      const err = await createClickHouse({ path: dir }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ChdbOpenError);
      expect(String(err)).toContain(`locked by process ${holder.child.pid}`);
    } finally {
      await holder.stop();
    }
    // Once the holder is gone the directory opens normally.
    const ch = await createClickHouse({ path: dir });
    await ch.close();
  });
});

/** A separate Node process that opens `dir` with chDB and keeps it until stdin closes. */
function holdDirectoryInChildProcess(dir: string) {
  const script = `
    const { createChdbConnection } = require('chdb/connection');
    const conn = createChdbConnection({ path: ${JSON.stringify(dir)} });
    process.stdout.write('ready\\n');
    process.stdin.resume();
    process.stdin.on('end', async () => { await conn.close(); process.exit(0); });
  `;
  const child: ChildProcess = spawn(process.execPath, ['-e', script], {
    cwd: process.cwd(),
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    ready: waitFor(
      'the child process to open the directory',
      () => output.includes('ready') || child.exitCode !== null,
    ).then(() => {
      if (!output.includes('ready')) throw new Error(`holder exited early with ${child.exitCode}`);
    }),
    stop: async () => {
      child.stdin?.end();
      await exited;
    },
  };
}
