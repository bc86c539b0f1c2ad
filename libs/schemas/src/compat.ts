import { Type } from 'avsc';
import type { AvroSchema } from './avro-schema';
import { avroTypeOptions } from './json';

type ForSchemaInput = Parameters<typeof Type.forSchema>[0];

/**
 * BACKWARD compatibility, checked locally with avsc: can a reader using
 * `next` read data written with `previous`? That is what lets consumers be
 * upgraded first while producers still write the previous version. Returns
 * null when compatible, else the reason.
 */
export function backwardIncompatibility(next: AvroSchema, previous: AvroSchema): string | null {
  let reader: Type;
  let writer: Type;
  try {
    reader = Type.forSchema(next as ForSchemaInput, avroTypeOptions());
  } catch (error) {
    return `the new schema is invalid: ${(error as Error).message}`;
  }
  try {
    writer = Type.forSchema(previous as ForSchemaInput, avroTypeOptions());
  } catch (error) {
    return `the previous schema is invalid: ${(error as Error).message}`;
  }
  try {
    reader.createResolver(writer);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
