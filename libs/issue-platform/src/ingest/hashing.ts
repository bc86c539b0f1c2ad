import { hash } from 'node:crypto';

// One-shot hashing: no Hash object and one native call per digest instead of three.
const md5 = (text: string): string => hash('md5', text, 'hex');

/** Each fingerprint part becomes the MD5 hex of its UTF-8 bytes; the type id is not mixed in (as the reference). */
export const hashFingerprint = (parts: readonly string[]): string[] => parts.map(md5);

/** Node id of an occurrence body: `i-o:` + MD5 of `<id>::<project id>`, as the reference's nodestore. */
export const occurrenceNodeId = (occurrenceId: string, projectId: number): string => `i-o:${md5(`${occurrenceId}::${projectId}`)}`;

/** Event documents live in the issue tables' nodestore, so their ids are defined there. */
export { eventNodeId } from '@issuestream/issues-data';
