import { createHash } from 'node:crypto';

const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

/** Node id of an event. The reference's exact formula was not determined; ours is stable and namespaced. */
export const eventNodeId = (projectId: number, eventId: string): string => `e:${md5(`${projectId}:${eventId}`)}`;
