import { createHash } from 'node:crypto';

/**
 * A name-based (version 5 style, SHA-1) UUID as 32 lower-case hex digits.
 * Same inputs, same id.
 */
export function nameBasedUuid(namespace: string, name: string): string {
  const bytes = createHash('sha1').update(`${namespace}\u0000${name}`, 'utf8').digest().subarray(0, 16);
  bytes.writeUInt8((bytes.readUInt8(6) & 0x0f) | 0x50, 6);
  bytes.writeUInt8((bytes.readUInt8(8) & 0x3f) | 0x80, 8);
  return bytes.toString('hex');
}

/**
 * Ids of the occurrence (and of its group's fingerprint) for one feedback.
 *
 * The reference mints a random fingerprint and a random occurrence id per
 * call. Our consumer is at-least-once: after a crash or rebalance the same
 * Kafka message is processed again, and random ids would open a second issue
 * for the same feedback. Deriving both from (project id, feedback event id)
 * keeps "one feedback, one issue" while each feedback still gets its own group;
 * the occurrence id also lets ingest-occurrences drop the duplicate sighting.
 */
export function feedbackIds(projectId: number, eventId: string): { occurrenceId: string; fingerprint: string; statusChangeId: string } {
  const key = `${projectId}:${eventId.replace(/-/g, '').toLowerCase()}`;
  return {
    occurrenceId: nameBasedUuid('feedback-occurrence', key),
    fingerprint: nameBasedUuid('feedback-fingerprint', key),
    statusChangeId: nameBasedUuid('feedback-spam-status', key),
  };
}
