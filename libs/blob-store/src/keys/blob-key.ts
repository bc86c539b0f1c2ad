import { InvalidBlobKeyError } from '../blob-store';

const MAX_KEY_LENGTH = 1024;
// Conservative on purpose: the same key must be a safe file path on any
// filesystem and need no escaping in an S3 URL. No segment may start with a
// dot, which rules out '.', '..' and the filesystem backend's own '.partial'.
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._=-]*$/;
const SHA1_HEX = /^[0-9a-f]{40}$/;

/** Throws InvalidBlobKeyError unless key is usable by every backend. */
export function assertBlobKey(key: string): void {
  if (key.length === 0) throw new InvalidBlobKeyError(key, 'empty');
  if (key.length > MAX_KEY_LENGTH)
    throw new InvalidBlobKeyError(key, `longer than ${MAX_KEY_LENGTH} characters`);
  for (const segment of key.split('/')) {
    if (!SEGMENT.test(segment))
      throw new InvalidBlobKeyError(
        key,
        `segment ${JSON.stringify(segment)} must be non-empty, use only letters, digits, '.', '_', '=', '-' and not start with '.'`,
      );
  }
}

/**
 * The key for content with the given SHA-1 inside a scope, e.g.
 * `attachments/p42/sha1/3b/18/3b18…`.
 *
 * Why content-addressed: a consumer that is redelivered a message writes the
 * same bytes under the same key again, which replaces the blob with itself —
 * no orphan from the first attempt, no second copy. Why a scope (say, one per
 * project): identical bytes sent to two projects stay two blobs, so deleting
 * one project's data never removes another's, and a project's blobs can be
 * listed or expired by prefix. Within a scope equal content shares one blob,
 * so whoever deletes must first check that no other row still names the key.
 * The two-level fan-out keeps directories small on the filesystem backend.
 */
export function contentAddressedKey(scope: string, sha1: string): string {
  if (!SHA1_HEX.test(sha1)) throw new InvalidBlobKeyError(sha1, 'not a lower-case hex SHA-1');
  const key = `${scope}/sha1/${sha1.slice(0, 2)}/${sha1.slice(2, 4)}/${sha1}`;
  assertBlobKey(key);
  return key;
}
