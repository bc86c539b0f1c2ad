export { tenantMigrations, TENANT_MIGRATIONS_TABLE } from './tenant-migrations';
export { TenantStore, type TenantStoreOptions } from './tenant-store';
export type {
  TenantId,
  OrganizationRef,
  Organization,
  ProjectInfo,
  ProjectKey,
  CreatedProjectKey,
  RateLimit,
} from './tenant-types';
export type { FeedbackSighting, NewOrganization, NewProject, NewProjectKey } from './tenant-writes';
export { environmentKey, type EnvironmentRef } from './environments';
export { toSafeId } from './tenant-ids';
export { TenantConflictError, TenantNotFoundError, InvalidTenantInputError } from './tenant-errors';
export { FEATURE_DEFAULTS, featureDefault, assertFeatureFlagName } from './feature-flags';
export {
  defineOption,
  parseOptionValue,
  isOptionOfScope,
  assertOptionScope,
  InvalidOptionValueError,
  UnknownOptionError,
  type OptionDefinition,
  type OptionScope,
  type AnyOptionDefinition,
} from './options/define-option';
export {
  KNOWN_OPTIONS,
  findKnownOption,
  FEEDBACK_MESSAGE_MAX_SIZE,
  FEEDBACK_ORGANIZATION_SLUG_DENYLIST,
  FEEDBACK_FILTER_GARBAGE_MESSAGES,
  FEEDBACK_AI_SPAM_DETECTION,
  FEEDBACK_USER_REPORT_NOTIFICATIONS,
  PROJECT_ALLOWED_ORIGINS,
  PROJECT_RESOLVE_AGE,
  OCCURRENCE_RATE_LIMIT_ENABLED,
  OCCURRENCE_RATE_LIMIT_QUOTA,
  ATTACHMENT_PROJECT_PER_SECOND_LIMIT,
  ATTACHMENT_PROJECT_PER_5_MINUTE_LIMIT,
} from './options/known-options';
export { parseRateLimit } from './tenant-validation';
export { buildDsn, type DsnParts } from './dsn';
export {
  listTenants,
  type TenantListing,
  type OrganizationListing,
  type ProjectListing,
  type ProjectKeyListing,
} from './tenant-listing';
