import type { IncomingMessage } from 'node:http';

/** What the body parser hands the endpoints: the bytes, or the fact that there were too many. */
export type RawBody = { readonly tooLarge: false; readonly bytes: Buffer } | { readonly tooLarge: true };

/**
 * Reads a request body up to `limit` bytes. A larger one (by its
 * Content-Length, or once the stream passes the limit) is not kept: the rest
 * is drained unread, so the endpoint can still answer with its own 413.
 */
export function readLimitedBody(request: IncomingMessage, limit: number): Promise<RawBody> {
  const declared = Number(request.headers['content-length'] ?? NaN);
  return new Promise((resolve, reject) => {
    if (declared > limit) {
      request.resume();
      request.on('end', () => resolve({ tooLarge: true }));
      request.on('error', reject);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(tooLarge ? { tooLarge: true } : { tooLarge: false, bytes: Buffer.concat(chunks) }));
    request.on('error', reject);
  });
}
