import { BUILTIN_GROUP_TYPES, FEEDBACK_GROUP_TYPE, METRIC_ISSUE_GROUP_TYPE, SEND_TEST_NOTIFICATION_GROUP_TYPE } from './builtin';
import { GroupCategory } from './categories';
import { createDefaultRegistry, defaultGroupTypeRegistry } from './default-registry';
import { featureFlags } from './feature-flags';
import { GroupTypeRegistry } from './registry';

const registry = createDefaultRegistry();
const type = (id: number) => registry.getByTypeId(id);
const perHour = (limit: number) => ({ windowSeconds: 3600, granularitySeconds: 60, limit });

describe('built-in group types', () => {
  it('all register without conflict, in a fresh registry and the default one', () => {
    expect(() => new GroupTypeRegistry(BUILTIN_GROUP_TYPES)).not.toThrow();
    expect(defaultGroupTypeRegistry.typeIds()).toEqual(BUILTIN_GROUP_TYPES.map((t) => t.typeId));
    expect(new Set(BUILTIN_GROUP_TYPES.map((t) => t.slug)).size).toBe(BUILTIN_GROUP_TYPES.length);
  });

  it('are exactly the reference ids (newer), without the deprecated duplicate-slug cron types', () => {
    expect(registry.typeIds()).toEqual([
      1, 1001, 1004, 1006, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1015, 1016, 1018, 1019, 1020, 1021, 1906, 1910, 1911,
      2001, 2002, 2003, 2007, 2009, 2011, 3501, 3502, 4001, 5002, 5003, 6001, 7001, 8001, 9001, 10001, 11001, 11002, 11003,
      12001, 13001,
    ]);
    expect(registry.has(4002)).toBe(false);
    expect(registry.has(4003)).toBe(false);
  });

  it('keep the reference constants', () => {
    expect(type(1)).toMatchObject({ slug: 'error', category: GroupCategory.ERROR, released: true, defaultPriority: 50 });
    expect(type(1001)).toMatchObject({ slug: 'performance_slow_db_query', noiseConfig: { ignoreLimit: 100, expirySeconds: 86400 }, defaultPriority: 25, categoryV2: GroupCategory.DB_QUERY });
    expect(type(1007).noiseConfig?.ignoreLimit).toBe(15);
    expect(type(1010).noiseConfig?.ignoreLimit).toBe(3);
    expect(type(1016)).toMatchObject({ released: true, noiseConfig: { ignoreLimit: 20 } });
    expect(type(1018)).toMatchObject({ enableAutoResolve: false, enableEscalationDetection: false, defaultPriority: 50, notificationConfig: { context: ['Approx. Start Time'] } });
    expect(type(1906)).toMatchObject({ slug: 'performance_n_plus_one_db_queries_experimental', released: false });
    expect(type(2009).noiseConfig?.ignoreLimit).toBe(2000);
    expect(type(2011)).toMatchObject({ categoryV2: GroupCategory.METRIC, enableAutoResolve: false, enableEscalationDetection: true });
    expect(type(4001)).toMatchObject({
      slug: 'monitor_check_in_failure',
      category: GroupCategory.CRON,
      categoryV2: GroupCategory.OUTAGE,
      defaultPriority: 75,
      creationQuota: perHour(60000),
      notificationConfig: { context: [] },
      noiseConfig: null,
    });
    expect(FEEDBACK_GROUP_TYPE).toMatchObject({
      typeId: 6001,
      category: GroupCategory.FEEDBACK,
      creationQuota: perHour(1000),
      defaultPriority: 50,
      notificationConfig: { context: [] },
      inDefaultSearch: false,
      released: true,
      enableAutoResolve: false,
      enableEscalationDetection: false,
      noiseConfig: null,
    });
    expect(type(7001)).toMatchObject({ categoryV2: GroupCategory.OUTAGE, creationQuota: perHour(1000), defaultPriority: 75, released: true });
    expect(type(10001)).toMatchObject({ alwaysTriggerSeerAutomation: true, released: true });
    expect(type(12001)).toMatchObject({ creationQuota: perHour(100), inDefaultSearch: false });
    expect(type(13001)).toMatchObject({ creationQuota: perHour(100), category: GroupCategory.CONFIGURATION });
  });

  it('index category and categoryV2', () => {
    expect(registry.getByCategory(GroupCategory.OUTAGE)).toEqual([4001, 7001]);
    expect(registry.getByCategory(GroupCategory.CRON)).toEqual([4001]);
    expect(registry.getByCategory(GroupCategory.MOBILE)).toEqual([1008, 1013, 2001, 2002, 2003, 2007, 2009]);
  });

  it('apply the metric issue and test notification overrides', () => {
    expect(METRIC_ISSUE_GROUP_TYPE.allowIngest([])).toBe(true);
    expect(METRIC_ISSUE_GROUP_TYPE.allowPostProcessGroup([])).toBe(true);
    expect(METRIC_ISSUE_GROUP_TYPE.isVisible([])).toBe(false);
    expect(METRIC_ISSUE_GROUP_TYPE.isVisible(['organizations:issue-metric-issue-visible'])).toBe(false);
    expect(METRIC_ISSUE_GROUP_TYPE.isVisible(['organizations:workflow-engine-ui'])).toBe(true);
    expect(SEND_TEST_NOTIFICATION_GROUP_TYPE.allowIngest([])).toBe(true);
    const allOfIt = featureFlags(SEND_TEST_NOTIFICATION_GROUP_TYPE);
    expect(allOfIt).toEqual([
      'organizations:issue-send-test-notification-visible',
      'organizations:issue-send-test-notification-ingest',
      'organizations:issue-send-test-notification-post-process-group',
    ]);
    expect(SEND_TEST_NOTIFICATION_GROUP_TYPE.allowPostProcessGroup(allOfIt)).toBe(false);
  });

  it('need no flags once released', () => {
    expect(featureFlags(FEEDBACK_GROUP_TYPE)).toEqual([]);
    expect(featureFlags(type(3501))).toContain('organizations:issue-llm-detected-experimental-ingest');
    expect(registry.visibleFor([]).every((t) => t.released)).toBe(true);
  });
});
