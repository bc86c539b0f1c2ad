import { describeEvent, groupEvent, type ErrorEvent, type EventDescription } from '@issuestream/grouping';
import { LOG_LEVELS, PriorityLevel, truncateCulprit } from '@issuestream/issue-platform';
import { asArray, asObject, asString, type JsonValue } from './json-shape';
import type { Level, NormalizedEvent } from './normalize-event';

/** A normalized event with what grouping decided and the fields its issue takes from it. */
export interface GroupedEvent {
  /**
   * The normalized event without its parsed document: once serialised
   * (`baseJson`) it is let go, so the batch does not hold every event's
   * object tree until it ends (which made them survive into the old
   * generation of the heap).
   */
  event: Omit<NormalizedEvent, 'data'>;
  /** The event's own type, hashes and metadata, which the eventstream keeps (nodestore has grouping's). */
  ownFields: Readonly<Record<'type' | 'hashes' | 'metadata', JsonValue | undefined>>;
  hashes: string[];
  primaryHash: string;
  description: EventDescription;
  /** The reference's search message: message, title and culprit, each once. */
  searchMessage: string;
  levelNumber: number;
  exceptionTypes: string[];
  exceptionValues: string[];
  /**
   * The event's JSON without the fields nodestore and the eventstream set
   * themselves: serialised once, both documents are this text plus their own
   * fields (the event is most of a batch's serialisation cost).
   */
  baseJson: string;
}

/** Fields the stored documents take from grouping, so the event's own values are not part of `baseJson`. */
const DERIVED_FIELDS = ['type', 'hashes', 'primary_hash', 'title', 'culprit', 'location', 'metadata'] as const;

/** `{...base, ...extra}` as JSON text, for a base that has none of extra's keys. */
export function extendJson(baseJson: string, extra: Record<string, unknown>): string {
  const tail = JSON.stringify(extra);
  if (tail === '{}') return baseJson;
  if (baseJson === '{}') return tail;
  return `${baseJson.slice(0, -1)},${tail.slice(1)}`;
}

const DERIVED = new Set<string>(DERIVED_FIELDS);

function baseJson(data: Readonly<Record<string, unknown>>): string {
  // Copied key by key rather than spread and deleted from: `delete` turns the copy into a slow dictionary-mode object.
  const base: Record<string, unknown> = {};
  for (const key in data) if (!DERIVED.has(key)) base[key] = data[key];
  return JSON.stringify(base);
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
  const { data, ...withoutData } = event;
  return {
    event: withoutData,
    ownFields: { type: data['type'], hashes: data['hashes'], metadata: data['metadata'] },
    hashes: grouping.hashes,
    primaryHash: grouping.primaryHash,
    description: { ...description, culprit },
    searchMessage: [message, description.title, culprit].filter((part, i, all) => part !== '' && all.indexOf(part) === i).join(' '),
    levelNumber: LOG_LEVELS[event.level],
    exceptionTypes: exceptions.map((e) => asString(e['type']) ?? ''),
    exceptionValues: exceptions.map((e) => asString(e['value']) ?? ''),
    baseJson: baseJson(data),
  };
}

/** What nodestore keeps, as JSON text: the normalized event plus its grouping results. */
export function storedEventJson(g: GroupedEvent): string {
  const { title, culprit, location, metadata, type } = g.description;
  return extendJson(g.baseJson, { type, hashes: g.hashes, primary_hash: g.primaryHash, title, culprit, location, metadata });
}
