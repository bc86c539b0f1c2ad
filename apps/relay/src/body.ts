import { EnvelopeError } from '@issuestream/envelopes';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);
const brotli = promisify(zlib.brotliDecompress);

const tooLarge = (limit: number) => new EnvelopeError(413, 'too_large', `request body exceeded size limits for type 'envelope' (over ${limit} bytes)`);

/** Reads the raw request body, refusing more than `limit` bytes on the wire. */
export function readRawBody(req: Readable, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        // Stop reading; the answer goes out and the connection is closed after it.
        req.pause();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => failed || resolve(Buffer.concat(chunks)));
    req.on('error', (error) => failed || reject(error));
  });
}

const isLimitError = (error: unknown) => error instanceof RangeError || (error as { code?: string })?.code === 'ERR_BUFFER_TOO_LARGE';

/** Undoes `Content-Encoding` (gzip, x-gzip, deflate, br; identity), never producing more than `limit` bytes. */
export async function decodeBody(body: Buffer, contentEncoding: string | undefined, limit: number): Promise<Buffer> {
  const encodings = (contentEncoding ?? '').split(',').map((e) => e.trim().toLowerCase()).filter((e) => e && e !== 'identity');
  let out = body;
  for (const encoding of encodings.reverse()) {
    const options = { maxOutputLength: limit };
    try {
      if (encoding === 'gzip' || encoding === 'x-gzip') out = await gunzip(out, options);
      else if (encoding === 'deflate') out = await inflate(out, options).catch(() => inflateRaw(out, options));
      else if (encoding === 'br') out = await brotli(out, options);
      else throw new EnvelopeError(400, 'invalid_header', `unsupported content encoding '${encoding}'`);
    } catch (error) {
      if (error instanceof EnvelopeError) throw error;
      if (isLimitError(error)) throw tooLarge(limit);
      throw new EnvelopeError(400, 'invalid_header', `invalid ${encoding} body`);
    }
  }
  if (out.length > limit) throw tooLarge(limit);
  return out;
}
