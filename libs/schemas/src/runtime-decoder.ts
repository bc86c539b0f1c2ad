import type { SchemaCodec } from './codec';
import { TOPICS, type Topic } from './generated/index.generated';

const known: ReadonlySet<string> = new Set(TOPICS);

export function isTopic(name: string): name is Topic {
  return known.has(name);
}

/**
 * The decoder shape the consumer runtime takes (logical topic name in,
 * validated record out). A topic without a schema is a wiring mistake, so it
 * fails loudly instead of dead-lettering every message.
 */
export function runtimeDecoder(codec: SchemaCodec): (topic: string, bytes: Buffer) => unknown {
  return (topic, bytes) => {
    if (!isTopic(topic)) throw new Error(`no Avro schema for topic ${JSON.stringify(topic)}`);
    return codec.recordDecoder(topic)(bytes);
  };
}
