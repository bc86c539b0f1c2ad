import { GroupCategory } from '../categories';
import { defineGroupType, type GroupType } from '../group-type';
import { PriorityLevel } from '../priority';
import { perHour } from '../quota';

/**
 * Built-in types owned by individual products, one declaration each. Ids not
 * to reuse: 4002 and 4003 (deprecated cron types that shared 4001's slug; not
 * registered here because slugs must be unique), 5001, 8002.
 */

/** Errors grouped by the errors pipeline; the default type of an issue. */
export const ERROR_GROUP_TYPE = defineGroupType({
  typeId: 1,
  slug: 'error',
  description: 'Error',
  category: GroupCategory.ERROR,
  released: true,
});

const llmDetected = (typeId: number, slug: string): GroupType =>
  defineGroupType({
    typeId,
    slug,
    description: 'LLM Detected Issue',
    category: GroupCategory.AI_DETECTED,
    categoryV2: GroupCategory.AI_DETECTED,
    enableAutoResolve: false,
    enableEscalationDetection: false,
  });

export const LLM_DETECTED_GROUP_TYPES: readonly GroupType[] = Object.freeze([
  llmDetected(3501, 'llm_detected_experimental'),
  llmDetected(3502, 'llm_detected_experimental_v2'),
]);

/** A cron monitor missed or failed check-ins. The newest reference moves `category` itself to OUTAGE; we keep CRON. */
export const MONITOR_INCIDENT_GROUP_TYPE = defineGroupType({
  typeId: 4001,
  slug: 'monitor_check_in_failure',
  description: 'Crons Monitor Failed',
  category: GroupCategory.CRON,
  categoryV2: GroupCategory.OUTAGE,
  released: true,
  defaultPriority: PriorityLevel.HIGH,
  creationQuota: perHour(60_000),
  notificationConfig: { context: [] },
});

const replay = (typeId: number, slug: string, description: string): GroupType =>
  defineGroupType({
    typeId,
    slug,
    description,
    category: GroupCategory.REPLAY,
    categoryV2: GroupCategory.FRONTEND,
    released: true,
    // The reference's replay types set the default notification config explicitly,
    // overriding the empty context of their shared replay defaults.
  });

export const REPLAY_GROUP_TYPES: readonly GroupType[] = Object.freeze([
  replay(5002, 'replay_click_rage', 'Rage Click Detected'),
  replay(5003, 'replay_hydration_error', 'Hydration Error Detected'),
]);

/** User feedback: one issue per submission, hidden from the default issue stream. */
export const FEEDBACK_GROUP_TYPE = defineGroupType({
  typeId: 6001,
  slug: 'feedback',
  description: 'Feedback',
  category: GroupCategory.FEEDBACK,
  categoryV2: GroupCategory.FEEDBACK,
  released: true,
  creationQuota: perHour(1000),
  notificationConfig: { context: [] },
  inDefaultSearch: false,
  enableAutoResolve: false,
  enableEscalationDetection: false,
});

/** An uptime monitor's domain is failing; the uptime checker resolves it with a status change. */
export const UPTIME_DOMAIN_FAILURE_GROUP_TYPE = defineGroupType({
  typeId: 7001,
  slug: 'uptime_domain_failure',
  description: 'Uptime Domain Monitor Failure',
  category: GroupCategory.UPTIME,
  categoryV2: GroupCategory.OUTAGE,
  released: true,
  defaultPriority: PriorityLevel.HIGH,
  creationQuota: perHour(1000),
  enableAutoResolve: false,
  enableEscalationDetection: false,
});

/**
 * A metric detector fired (alerts as issues). Always ingested and
 * post-processed; visible with the workflow-engine UI flag instead of a flag of its own.
 */
export const METRIC_ISSUE_GROUP_TYPE = defineGroupType({
  typeId: 8001,
  slug: 'metric_issue',
  description: 'Metric issue triggered',
  category: GroupCategory.METRIC_ALERT,
  categoryV2: GroupCategory.METRIC,
  defaultPriority: PriorityLevel.HIGH,
  creationQuota: perHour(100),
  enableAutoResolve: false,
  enableEscalationDetection: false,
  enableStatusChangeWorkflowNotifications: false,
  enableWorkflowNotifications: false,
  enableUserStatusAndPriorityChanges: false,
  gates: { ingest: 'always', postProcessGroup: 'always', visibleWith: ['organizations:workflow-engine-ui'] },
});

/** Issues created by "send test notification": always ingested, never post-processed. */
export const SEND_TEST_NOTIFICATION_GROUP_TYPE = defineGroupType({
  typeId: 9001,
  slug: 'send-test-notification',
  description: 'Send test notification',
  category: GroupCategory.TEST_NOTIFICATION,
  categoryV2: GroupCategory.TEST_NOTIFICATION,
  inDefaultSearch: false,
  enableEscalationDetection: false,
  creationQuota: perHour(1000),
  gates: { ingest: 'always', postProcessGroup: 'never' },
});

export const WEB_VITALS_GROUP_TYPE = defineGroupType({
  typeId: 10001,
  slug: 'web_vitals',
  description: 'Web Vitals',
  category: GroupCategory.PERFORMANCE,
  categoryV2: GroupCategory.FRONTEND,
  released: true,
  enableAutoResolve: false,
  enableEscalationDetection: false,
  enableStatusChangeWorkflowNotifications: false,
  enableWorkflowNotifications: false,
  alwaysTriggerSeerAutomation: true,
});

const preprod = (typeId: number, slug: string, description: string, quiet = false): GroupType =>
  defineGroupType({
    typeId,
    slug,
    description,
    category: GroupCategory.PREPROD,
    categoryV2: GroupCategory.PREPROD,
    defaultPriority: PriorityLevel.LOW,
    enableEscalationDetection: false,
    ...(quiet ? { notificationConfig: { context: [], textCodeFormatted: false } } : {}),
  });

/** Issues found in uploaded build artifacts: one build (static), between builds (delta), size analysis. */
export const PREPROD_GROUP_TYPES: readonly GroupType[] = Object.freeze([
  preprod(11001, 'preprod_static', 'Static Analysis'),
  preprod(11002, 'preprod_delta', 'Static Analysis Delta'),
  preprod(11003, 'preprod_size_analysis', 'Size Analysis', true),
]);

export const INSTRUMENTATION_ISSUE_GROUP_TYPE = defineGroupType({
  typeId: 12001,
  slug: 'instrumentation_issue_experimental',
  description: 'Instrumentation Issue',
  category: GroupCategory.INSTRUMENTATION,
  categoryV2: GroupCategory.INSTRUMENTATION,
  defaultPriority: PriorityLevel.LOW,
  creationQuota: perHour(100),
  inDefaultSearch: false,
  enableEscalationDetection: false,
});

/** Broken source maps in a project, shown apart from ordinary issues. */
export const SOURCEMAP_CONFIGURATION_GROUP_TYPE = defineGroupType({
  typeId: 13001,
  slug: 'sourcemap_configuration',
  description: 'Source Map Configuration Issue',
  category: GroupCategory.CONFIGURATION,
  categoryV2: GroupCategory.CONFIGURATION,
  defaultPriority: PriorityLevel.LOW,
  creationQuota: perHour(100),
  notificationConfig: { context: [] },
  inDefaultSearch: false,
  enableAutoResolve: false,
  enableEscalationDetection: false,
  enableStatusChangeWorkflowNotifications: false,
  enableWorkflowNotifications: false,
  enableUserStatusAndPriorityChanges: false,
});
