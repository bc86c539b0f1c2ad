import { GroupStatus, GroupSubStatus } from '../registry';
import { noisySightings } from './creation-gates';
import { truncateCulprit } from './group-plan';
import { hashFingerprint, occurrenceNodeId } from './hashing';
import { InvalidPayload, normaliseUuid } from './incoming';
import { decideStatusChange } from './status-transitions';

describe('noise limit arithmetic', () => {
  it('with limit 3, the first two sightings are noise and the third creates', () => {
    expect(noisySightings(1, 1, 3)).toBe(1);
    expect(noisySightings(2, 1, 3)).toBe(1);
    expect(noisySightings(3, 1, 3)).toBe(0);
  });
  it('counts several sightings of one batch together', () => {
    expect(noisySightings(5, 5, 3)).toBe(2);
    expect(noisySightings(4, 2, 3)).toBe(0);
  });
  it('a limit of 1 creates at once', () => {
    expect(noisySightings(1, 1, 1)).toBe(0);
  });
});

describe('status transitions', () => {
  const unresolvedNew = { status: GroupStatus.UNRESOLVED, substatus: GroupSubStatus.NEW };
  it.each([
    [GroupStatus.RESOLVED, null],
    [GroupStatus.IGNORED, GroupSubStatus.UNTIL_ESCALATING],
    [GroupStatus.IGNORED, GroupSubStatus.UNTIL_CONDITION_MET],
    [GroupStatus.IGNORED, GroupSubStatus.FOREVER],
    [GroupStatus.UNRESOLVED, GroupSubStatus.ESCALATING],
    [GroupStatus.UNRESOLVED, GroupSubStatus.ONGOING],
    [GroupStatus.UNRESOLVED, GroupSubStatus.REGRESSED],
  ])('applies status %i / substatus %p', (status, substatus) => {
    expect(decideStatusChange(unresolvedNew, { status, substatus })).toEqual({ apply: { status, substatus } });
  });
  it.each([
    [GroupStatus.UNRESOLVED, GroupSubStatus.NEW, 'no_change'],
    [GroupStatus.IGNORED, null, 'missing_substatus'],
    [GroupStatus.UNRESOLVED, null, 'missing_substatus'],
    [GroupStatus.RESOLVED, GroupSubStatus.FOREVER, 'unexpected_substatus'],
    [GroupStatus.IGNORED, GroupSubStatus.ONGOING, 'invalid_substatus'],
    [GroupStatus.UNRESOLVED, GroupSubStatus.FOREVER, 'invalid_substatus'],
    [GroupStatus.PENDING_DELETION, null, 'unsupported_status'],
    [GroupStatus.REPROCESSING, null, 'unsupported_status'],
  ])('ignores status %i / substatus %p (%s)', (status, substatus, reason) => {
    expect(decideStatusChange(unresolvedNew, { status, substatus })).toEqual({ ignored: reason });
  });
});

describe('occurrence details', () => {
  it('cuts culprits to 200 characters ending in ...', () => {
    expect(truncateCulprit('a'.repeat(200))).toHaveLength(200);
    const cut = truncateCulprit('a'.repeat(201));
    expect(cut).toHaveLength(200);
    expect(cut.endsWith('aaa...')).toBe(true);
  });
  it('hashes fingerprint parts with MD5 and names nodes like the reference', () => {
    expect(hashFingerprint(['abc'])).toEqual(['900150983cd24fb0d6963f7d28e17f72']);
    expect(occurrenceNodeId('a'.repeat(32), 1)).toMatch(/^i-o:[0-9a-f]{32}$/);
  });
  it('normalises dashed UUIDs and rejects others with the field', () => {
    expect(normaliseUuid('AAAAAAAA-aaaa-aaaa-aaaa-aaaaaaaaaaaa', 'id')).toBe('a'.repeat(32));
    expect(() => normaliseUuid('nope', 'event.event_id')).toThrow(InvalidPayload);
    expect(() => normaliseUuid('nope', 'event.event_id')).toThrow(/^event.event_id: not a UUID/);
  });
});
