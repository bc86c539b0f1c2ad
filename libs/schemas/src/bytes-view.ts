import { types, type Type } from 'avsc';

/** The part of avsc's (untyped) Tap that reading a `bytes` value needs. */
interface Tap {
  buf: Buffer;
  pos: number;
  readLong(): number;
  _invalidate(): void;
}

/**
 * `bytes` read as a view of the message instead of avsc's copy: attachment
 * chunks and inline attachments are copied once less per message. The view
 * keeps the consumed message's buffer alive as long as the value is, which is
 * the batch being handled; no decoder reuses its input buffer.
 */
class BytesViewType extends types.BytesType {
  _read(tap: Tap): Buffer | undefined {
    const length = tap.readLong();
    if (length < 0) {
      tap._invalidate();
      return undefined;
    }
    const start = tap.pos;
    tap.pos += length;
    // Past the end: avsc sees the position and reports the message as truncated.
    if (tap.pos > tap.buf.length) return undefined;
    return tap.buf.subarray(start, tap.pos);
  }
}

/** forSchema's typeHook: plain `bytes` (not a logical type on it) read as views. */
export function bytesAsViews(schema: unknown): Type | undefined {
  const plainBytes =
    schema === 'bytes' ||
    (typeof schema === 'object' && schema !== null && (schema as { type?: unknown }).type === 'bytes' && !('logicalType' in schema));
  return plainBytes ? new BytesViewType() : undefined;
}
