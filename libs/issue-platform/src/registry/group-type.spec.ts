import { GroupCategory } from './categories';
import { InvalidGroupTypeError } from './errors';
import { featureFlagNames, featureFlags } from './feature-flags';
import { defineGroupType, type GroupTypeDeclaration } from './group-type';
import { PriorityLevel, priorityToString, parsePriority } from './priority';
import { DEFAULT_CREATION_QUOTA, perHour } from './quota';

const minimal: GroupTypeDeclaration = { typeId: 90001, slug: 'checkout_slow_step', description: 'Slow checkout step', category: GroupCategory.PERFORMANCE };

describe('defineGroupType', () => {
  it('applies the reference defaults', () => {
    const type = defineGroupType(minimal);
    expect(type).toMatchObject({
      typeId: 90001,
      categoryV2: null,
      released: false,
      noiseConfig: null,
      defaultPriority: PriorityLevel.MEDIUM,
      inDefaultSearch: true,
      enableAutoResolve: true,
      enableEscalationDetection: true,
      creationQuota: { windowSeconds: 3600, granularitySeconds: 60, limit: 5 },
      notificationConfig: {
        textCodeFormatted: true,
        context: ['Events', 'Users Affected', 'State', 'First Seen'],
        actions: ['archive', 'resolve', 'assign'],
        extraAction: {},
      },
      detectorSettings: null,
      enableStatusChangeWorkflowNotifications: true,
      enableWorkflowNotifications: true,
      enableUserStatusAndPriorityChanges: true,
      alwaysTriggerSeerAutomation: false,
      gates: { ingest: 'flag', postProcessGroup: 'flag', visibleWith: null },
    });
    expect(type.creationQuota).toEqual(DEFAULT_CREATION_QUOTA);
    expect(type.shouldDetectEscalation()).toBe(true);
  });

  it('fills a partial noise config with 3 sightings in 24 h', () => {
    expect(defineGroupType({ ...minimal, noiseConfig: {} }).noiseConfig).toEqual({ ignoreLimit: 3, expirySeconds: 86400 });
    expect(defineGroupType({ ...minimal, noiseConfig: { ignoreLimit: 10 } }).noiseConfig).toEqual({ ignoreLimit: 10, expirySeconds: 86400 });
  });

  it('returns a deeply frozen object', () => {
    const type = defineGroupType({ ...minimal, noiseConfig: {}, creationQuota: perHour(50) });
    expect(Object.isFrozen(type)).toBe(true);
    expect(Object.isFrozen(type.noiseConfig)).toBe(true);
    expect(Object.isFrozen(type.creationQuota)).toBe(true);
    expect(Object.isFrozen(type.notificationConfig.context)).toBe(true);
    expect(Object.isFrozen(type.gates)).toBe(true);
    expect(() => {
      (type as { released: boolean }).released = true;
    }).toThrow(TypeError);
  });

  it.each<[string, Partial<GroupTypeDeclaration>, string]>([
    ['an unknown category', { category: 99 as GroupCategory }, 'category'],
    ['an unknown categoryV2', { categoryV2: 0 as GroupCategory }, 'categoryV2'],
    ['a negative type id', { typeId: -1 }, 'typeId'],
    ['a fractional type id', { typeId: 1.5 }, 'typeId'],
    ['an upper-case slug', { slug: 'Checkout' }, 'slug'],
    ['an empty description', { description: '  ' }, 'description'],
    ['priority OK', { defaultPriority: PriorityLevel.OK }, 'defaultPriority'],
    ['a zero noise limit', { noiseConfig: { ignoreLimit: 0 } }, 'noiseConfig.ignoreLimit'],
    ['a quota without limit', { creationQuota: { windowSeconds: 3600, granularitySeconds: 60, limit: 0 } }, 'creationQuota.limit'],
    ['a quota whose buckets do not divide the window', { creationQuota: { windowSeconds: 3600, granularitySeconds: 7, limit: 1 } }, 'creationQuota.granularitySeconds'],
    ['an unknown notification context', { notificationConfig: { context: ['Nope' as never] } }, 'notificationConfig.context[0]'],
    ['an unknown gate mode', { gates: { ingest: 'sometimes' as never } }, 'gates.ingest'],
  ])('refuses %s', (_, change, field) => {
    const attempt = () => defineGroupType({ ...minimal, ...change });
    expect(attempt).toThrow(InvalidGroupTypeError);
    expect(attempt).toThrow(new RegExp(`invalid group type .*${field.replace(/[[\].]/g, '\\$&')}: `));
    try {
      attempt();
    } catch (error) {
      expect((error as InvalidGroupTypeError).field).toBe(field);
    }
  });
});

describe('gating by feature flags', () => {
  const unreleased = defineGroupType(minimal);
  const released = defineGroupType({ ...minimal, typeId: 90002, slug: 'checkout_slow_step_ga', released: true });

  it('derives flag names from the slug with _ turned into -', () => {
    expect(featureFlagNames(unreleased)).toEqual({
      base: 'organizations:issue-checkout-slow-step',
      visible: ['organizations:issue-checkout-slow-step-visible'],
      ingest: 'organizations:issue-checkout-slow-step-ingest',
      postProcessGroup: 'organizations:issue-checkout-slow-step-post-process-group',
    });
  });

  it('lists flags to register only for unreleased types', () => {
    expect(featureFlags(unreleased)).toEqual([
      'organizations:issue-checkout-slow-step-visible',
      'organizations:issue-checkout-slow-step-ingest',
      'organizations:issue-checkout-slow-step-post-process-group',
    ]);
    expect(featureFlags(released)).toEqual([]);
  });

  it('lets released types through whatever the flags', () => {
    expect(released.allowIngest([])).toBe(true);
    expect(released.allowPostProcessGroup(new Set())).toBe(true);
    expect(released.isVisible([])).toBe(true);
  });

  it('asks an unreleased type for each of its flags separately', () => {
    expect(unreleased.allowIngest([])).toBe(false);
    expect(unreleased.isVisible([])).toBe(false);
    const flags = new Set(['organizations:issue-checkout-slow-step-ingest']);
    expect(unreleased.allowIngest(flags)).toBe(true);
    expect(unreleased.allowPostProcessGroup(flags)).toBe(false);
    expect(unreleased.isVisible(flags)).toBe(false);
    expect(unreleased.isVisible(['organizations:issue-checkout-slow-step-visible'])).toBe(true);
    expect(unreleased.allowPostProcessGroup(['organizations:issue-checkout-slow-step-post-process-group'])).toBe(true);
  });

  it('honours fixed gates over released and flags', () => {
    const fixed = defineGroupType({ ...minimal, released: true, gates: { ingest: 'never', postProcessGroup: 'always' } });
    expect(fixed.allowIngest(featureFlags(unreleased))).toBe(false);
    expect(fixed.allowPostProcessGroup([])).toBe(true);
  });
});

describe('priority', () => {
  it('has the reference values and lower-case string forms', () => {
    expect(PriorityLevel).toEqual({ OK: 0, LOW: 25, MEDIUM: 50, HIGH: 75 });
    expect(priorityToString(75)).toBe('high');
    expect(priorityToString(0)).toBe('ok');
    expect(priorityToString(60)).toBeUndefined();
    expect(parsePriority('Medium')).toBe(50);
    expect(parsePriority('urgent')).toBeUndefined();
  });
});
