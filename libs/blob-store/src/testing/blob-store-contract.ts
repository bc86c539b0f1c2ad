import { BlobNotFoundError, InvalidBlobKeyError, type BlobStore } from '../blob-store';
import { failingStream, generatedStream, digestOf, readAll, sha1Of } from './test-streams';

/**
 * What every backend must do, run against each one by its own spec.
 * `unique` returns a key prefix no other run uses.
 */
export function describeBlobStoreContract(
  name: string,
  context: { store: () => BlobStore; unique: () => string },
): void {
  describe(`${name}: the BlobStore contract`, () => {
    const key = (leaf: string) => `${context.unique()}/${leaf}`;

    it('round-trips a Buffer and reports its size and SHA-1', async () => {
      const store = context.store();
      const bytes = Buffer.from('a crash report, in bytes');
      const k = key('buffer');
      expect(await store.put(k, bytes)).toEqual({ size: bytes.length, sha1: sha1Of(bytes) });
      expect(await readAll(await store.get(k))).toEqual(bytes);
      expect(await store.head(k)).toEqual({ size: bytes.length });
    });

    it('round-trips a stream', async () => {
      const store = context.store();
      const k = key('stream');
      const put = await store.put(k, generatedStream(300_000, 10_000));
      expect(put.size).toBe(300_000);
      expect(await digestOf(await store.get(k))).toEqual(put);
    });

    it('stores an empty blob', async () => {
      const store = context.store();
      const k = key('empty');
      expect(await store.put(k, Buffer.alloc(0))).toEqual({
        size: 0,
        sha1: sha1Of(Buffer.alloc(0)),
      });
      expect(await store.head(k)).toEqual({ size: 0 });
      expect((await readAll(await store.get(k))).length).toBe(0);
    });

    it('replaces a blob put again under the same key', async () => {
      const store = context.store();
      const k = key('again');
      await store.put(k, Buffer.from('first version, longer'));
      await store.put(k, Buffer.from('second'));
      expect((await readAll(await store.get(k))).toString()).toBe('second');
    });

    it('rejects get of a missing key with BlobNotFoundError naming the key', async () => {
      const store = context.store();
      const k = key('missing');
      await expect(store.get(k)).rejects.toThrow(BlobNotFoundError);
      await expect(store.get(k)).rejects.toThrow(k);
      expect(await store.head(k)).toBeNull();
    });

    it('deletes, and deleting again or a missing key is fine', async () => {
      const store = context.store();
      const k = key('deleted');
      await store.put(k, Buffer.from('x'));
      await store.delete(k);
      expect(await store.head(k)).toBeNull();
      await expect(store.delete(k)).resolves.toBeUndefined();
      await expect(store.get(k)).rejects.toThrow(BlobNotFoundError);
    });

    it('leaves nothing under the key when the body fails midway', async () => {
      const store = context.store();
      const k = key('broken');
      await expect(store.put(k, failingStream(1000))).rejects.toThrow('upstream broke');
      expect(await store.head(k)).toBeNull();
    });

    it('rejects keys that could escape or be ambiguous, before touching storage', async () => {
      const store = context.store();
      await expect(store.put('../outside', Buffer.from('x'))).rejects.toThrow(InvalidBlobKeyError);
      await expect(store.get('a//b')).rejects.toThrow(InvalidBlobKeyError);
      await expect(store.head('/abs')).rejects.toThrow(InvalidBlobKeyError);
      await expect(store.delete('.partial/x')).rejects.toThrow(InvalidBlobKeyError);
    });
  });
}
