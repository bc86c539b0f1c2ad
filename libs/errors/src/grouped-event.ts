import { describeEvent, groupEvent, type ErrorEvent, type EventDescription } from '@issuestream/grouping';
import { LOG_LEVELS, PriorityLevel, truncateCulprit } from '@issuestream/issue-platform';
import { asArray, asObject, asString } from './json-shape';
import type { Level, NormalizedEvent } from './normalize-event';

/** A normalized event with what grouping decided and the fields its issue takes from it. */
export interface GroupedEvent {
  event: NormalizedEvent;
  hashes: string[];
  primaryHash: string;
  description: EventDescription;
  /** The reference's search message: message, title and culprit, each once. */
  searchMessage: string;
  levelNumber: number;
  exceptionTypes: string[];
  exceptionValues: string[];
}

const PRIORITY_BY_LEVEL: Readonly<Record<Level, number>> = {
  debug: PriorityLevel.LOW, info: PriorityLevel.LOW, warning: PriorityLevel.MEDIUM, error: PriorityLevel.HIGH, fatal: PriorityLevel.HIGH,
};

export const initialPriority = (level: Level): number => PRIORITY_BY_LEVEL[level];

/** Groups a normalized event; grouping never sees a field of the wrong type (normalization removed those). */
export function groupNormalizedEvent(event: NormalizedEvent): GroupedEvent {
  const input = event.data as ErrorEvent;
  const grouping = groupEvent(input);
  const description = describeEvent(input, grouping.mainExceptionId);
  const culprit = truncateCulprit(description.culprit);
  const exceptions = (asArray(asObject(event.data['exception'])?.['values']) ?? []).map((e) => asObject(e) ?? {});
  const message = asString(asObject(event.data['logentry'])?.['formatted']) ?? asString(asObject(event.data['logentry'])?.['message']) ?? '';
  return {
    event,
    hashes: grouping.hashes,
    primaryHash: grouping.primaryHash,
    description: { ...description, culprit },
    searchMessage: [message, description.title, culprit].filter((part, i, all) => part !== '' && all.indexOf(part) === i).join(' '),
    levelNumber: LOG_LEVELS[event.level],
    exceptionTypes: exceptions.map((e) => asString(e['type']) ?? ''),
    exceptionValues: exceptions.map((e) => asString(e['value']) ?? ''),
  };
}

/** What nodestore keeps: the normalized event plus its grouping results. */
export function storedEvent(g: GroupedEvent): Record<string, unknown> {
  const { title, culprit, location, metadata, type } = g.description;
  return { ...g.event.data, type, hashes: g.hashes, primary_hash: g.primaryHash, title, culprit, location, metadata };
}
