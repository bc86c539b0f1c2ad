import { hash } from 'node:crypto';

// One-shot hashing: no Hash object and one native call per digest instead of three.
const md5 = (text: string): string => hash('md5', text, 'hex');

/** Node id of an event. The reference's exact formula was not determined; ours is stable and namespaced. */
export const eventNodeId = (projectId: number, eventId: string): string => `e:${md5(`${projectId}:${eventId}`)}`;
