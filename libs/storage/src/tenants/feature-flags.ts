import { InvalidTenantInputError } from './tenant-errors';

/**
 * Organisation feature flags and their defaults. A row in
 * organization_features overrides the default for one organisation; a flag
 * not listed here is off unless a row turns it on (that is how the issue
 * platform's per-type `-ingest` / `-visible` flags behave, spec-issue-platform §1.5).
 *
 * The off entries are listed anyway so an operator can find the flags the
 * code checks (`list` in the admin CLI prints them).
 */
export const FEATURE_DEFAULTS: Readonly<Record<string, boolean>> = Object.freeze({
  // On: a self-hosted style server ingests feedback unless told otherwise (spec-feedback §11).
  'organizations:user-feedback-ingest': true,
  // On, as in the reference's defaults and self-hosted: attachments are stored (spec-attachments-errors §1.5).
  'organizations:event-attachments': true,
  // Off: spam detection needs Seer, which we do not run (spec-feedback §2.2).
  'organizations:user-feedback-spam-ingest': false,
  'organizations:user-feedback-spam-filter-ingest': false,
  'organizations:user-feedback-spam-filter-actions': false,
  'organizations:user-feedback-seer-spam-detection': false,
  'organizations:user-feedback-ai-titles': false,
  'organizations:user-feedback-ai-categorization': false,
  // Issue platform (spec-issue-platform §3–§6); the spelling of "occurence" is the reference's.
  'organizations:occurence-consumer-prune-status-changes': false,
  'organizations:escalating-metrics-backend': false,
  'organizations:issue-taxonomy': false,
});

/** What an organisation gets when no row overrides `flag`. */
export function featureDefault(flag: string): boolean {
  return FEATURE_DEFAULTS[flag] ?? false;
}

const FLAG_PATTERN = /^organizations:[a-z0-9][a-z0-9._-]*$/;

/**
 * Flags are free-form (per-type issue platform flags are derived at run
 * time), but a typo such as a missing `organizations:` prefix would create a
 * row nothing ever reads, so the shape is checked on write.
 */
export function assertFeatureFlagName(flag: string): void {
  if (!FLAG_PATTERN.test(flag)) {
    throw new InvalidTenantInputError(
      `Invalid feature flag "${flag}": expected organizations:<lower-case name>, e.g. organizations:user-feedback-ingest`,
    );
  }
}
