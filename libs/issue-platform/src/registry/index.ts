export { GROUP_CATEGORIES, GroupCategory, groupCategoryName, isGroupCategory } from './categories';
export type { GroupCategoryName } from './categories';
export { ISSUE_PRIORITIES, isIssuePriority, isPriorityLevel, parsePriority, PriorityLevel, priorityToString } from './priority';
export type { PriorityLevelName, PriorityString } from './priority';
export { DEFAULT_EXPIRY_SECONDS, DEFAULT_IGNORE_LIMIT, noiseConfig } from './noise-config';
export type { NoiseConfig } from './noise-config';
export { DEFAULT_CREATION_QUOTA, perHour, quota } from './quota';
export type { Quota } from './quota';
export { DEFAULT_NOTIFICATION_CONFIG, isNotificationContextField, notificationConfig, NotificationContextField } from './notification-config';
export type { NotificationConfig } from './notification-config';
export {
  GROUP_STATUS_STRINGS,
  GROUP_SUBSTATUS_STRINGS,
  GroupStatus,
  groupStatusToString,
  GroupSubStatus,
  groupSubStatusToString,
  isGroupStatus,
  isGroupSubStatus,
  isProducibleStatusChange,
  parseGroupSubStatus,
  PRODUCIBLE_SUBSTATUSES,
} from './status';
export type { GroupStatusName, GroupSubStatusName } from './status';
export { DEFAULT_LOG_LEVEL, isLogLevel, LOG_LEVELS } from './levels';
export type { LogLevel } from './levels';
export { DuplicateGroupTypeError, GroupTypeError, InvalidGroupTypeError, UnknownGroupTypeError } from './errors';
export type { AttributeProblem } from './errors';
export { featureFlagNames, featureFlags, featureSlug } from './feature-flags';
export type { FeatureFlagSet, GroupTypeFlagNames } from './feature-flags';
export { defineGroupType, groupTypeProblems, toGroupType } from './group-type';
export type { AccessGates, DetectorSettings, GateMode, GroupType, GroupTypeAttributes, GroupTypeDeclaration } from './group-type';
export { GroupTypeRegistry } from './registry';
export { createDefaultRegistry, defaultGroupTypeRegistry } from './default-registry';
export * from './builtin';
