import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  describeBlobStoreContract,
  digestOf,
  failingStream,
  generatedStream,
} from '../testing/blob-store-contract';
import { FsBlobStore } from './fs-blob-store';

let root: string;
let store: FsBlobStore;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'blob-store-'));
  store = new FsBlobStore(root);
});
afterAll(() => rm(root, { recursive: true, force: true }));

describeBlobStoreContract('FsBlobStore', {
  store: () => store,
  unique: () => `t-${randomBytes(6).toString('hex')}`,
});

describe('FsBlobStore on disk', () => {
  it('keeps each key as a file under the root and cleans up after a failed put', async () => {
    await store.put('layout/a/b', Buffer.from('hi'));
    expect(await readdir(join(root, 'layout/a'))).toEqual(['b']);
    await expect(store.put('layout/c', failingStream(10))).rejects.toThrow('upstream broke');
    expect(await readdir(join(root, '.partial'))).toEqual([]);
  });

  it('streams a 100 MB blob in and out', async () => {
    const size = 100 * 1024 * 1024;
    const put = await store.put('large/100mb', generatedStream(size));
    expect(put.size).toBe(size);
    expect(await digestOf(await store.get('large/100mb'))).toEqual(put);
  });
});
