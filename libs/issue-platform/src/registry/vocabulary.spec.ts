import { GROUP_CATEGORIES, GroupCategory, groupCategoryName, isGroupCategory } from './categories';
import { LOG_LEVELS } from './levels';
import {
  GroupStatus,
  groupStatusToString,
  GroupSubStatus,
  groupSubStatusToString,
  isProducibleStatusChange,
  parseGroupSubStatus,
} from './status';

describe('GroupCategory', () => {
  it('has every value of the newer taxonomy', () => {
    expect(GROUP_CATEGORIES).toEqual(Array.from({ length: 19 }, (_, i) => i + 1));
    expect(GroupCategory.ERROR).toBe(1);
    expect(GroupCategory.TEST_NOTIFICATION).toBe(9);
    expect(GroupCategory.OUTAGE).toBe(10);
    expect(GroupCategory.CONFIGURATION).toBe(19);
    expect(groupCategoryName(12)).toBe('DB_QUERY');
    expect(isGroupCategory(0)).toBe(false);
    expect(isGroupCategory(20)).toBe(false);
    expect(isGroupCategory('1')).toBe(false);
  });
});

describe('GroupStatus and GroupSubStatus', () => {
  it('have the reference values and names', () => {
    expect(GroupStatus).toEqual({
      UNRESOLVED: 0,
      RESOLVED: 1,
      IGNORED: 2,
      PENDING_DELETION: 3,
      DELETION_IN_PROGRESS: 4,
      PENDING_MERGE: 5,
      REPROCESSING: 6,
    });
    expect(groupStatusToString(2)).toBe('ignored');
    expect([1, 2, 3, 4, 5, 6, 7].map((value) => groupSubStatusToString(value))).toEqual([
      'archived_until_escalating',
      'escalating',
      'ongoing',
      'archived_until_condition_met',
      'archived_forever',
      'regressed',
      'new',
    ]);
    expect(parseGroupSubStatus('archived_forever')).toBe(GroupSubStatus.FOREVER);
    expect(parseGroupSubStatus('nope')).toBeUndefined();
  });

  it('allows producers exactly the combinations the consumer acts on', () => {
    const allowed: [number, number | null][] = [];
    for (const status of Object.values(GroupStatus)) {
      for (const substatus of [null, ...Object.values(GroupSubStatus)]) {
        if (isProducibleStatusChange(status, substatus)) allowed.push([status, substatus]);
      }
    }
    expect(allowed).toEqual([
      [0, 2],
      [0, 3],
      [0, 6],
      [1, null],
      [2, 1],
      [2, 4],
      [2, 5],
    ]);
  });
});

it('maps log levels to the numeric levels issues store', () => {
  expect(LOG_LEVELS).toEqual({ sample: 0, debug: 10, info: 20, warning: 30, error: 40, fatal: 50 });
});
