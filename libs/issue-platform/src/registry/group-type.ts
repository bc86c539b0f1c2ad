import { isGroupCategory, type GroupCategory } from './categories';
import { describeGroupType, InvalidGroupTypeError, type AttributeProblem } from './errors';
import { featureFlagNames, flagLookup, type FeatureFlagSet } from './feature-flags';
import { noiseConfig, noiseConfigProblems, type NoiseConfig } from './noise-config';
import { notificationConfig, notificationConfigProblems, type NotificationConfig } from './notification-config';
import { isIssuePriority, PriorityLevel } from './priority';
import { DEFAULT_CREATION_QUOTA, quota, quotaProblems, type Quota } from './quota';

/**
 * How one organisation-level gate of a type decides:
 * - `flag`: released types pass, unreleased ones need the type's flag (the default);
 * - `always` / `never`: fixed, whatever the flags and `released` say.
 */
export type GateMode = 'flag' | 'always' | 'never';

/** Overrides of the default gating, for the few types that need them. */
export interface AccessGates {
  /** Whether the occurrence consumer accepts occurrences of the type. */
  readonly ingest: GateMode;
  /** Whether issues of the type go on to post-processing (alerts, notifications). */
  readonly postProcessGroup: GateMode;
  /** Flags any one of which makes an unreleased type visible; null means the type's own `-visible` flag. */
  readonly visibleWith: readonly string[] | null;
}

/**
 * Detector wiring of a type (workflow engine). The detector handler and
 * validator themselves are not part of this library; a type only declares the
 * JSON schema of its detectors' config and an optional detector filter query.
 */
export interface DetectorSettings {
  readonly configSchema: Readonly<Record<string, unknown>>;
  readonly filter: string | null;
}

/** Every attribute of a group type, defaults applied. */
export interface GroupTypeAttributes {
  /** Stored as the issue's type and sent as an occurrence's `type`; unique. */
  readonly typeId: number;
  /** Unique; names the type's feature flags, rate-limit keys and metrics. */
  readonly slug: string;
  /** Human-readable name. */
  readonly description: string;
  readonly category: GroupCategory;
  /** Category in the newer taxonomy (10+), null when the type has none. */
  readonly categoryV2: GroupCategory | null;
  /** Available to every organisation without feature flags. */
  readonly released: boolean;
  /** Delays issue creation until a fingerprint was seen often enough; null creates at once. */
  readonly noiseConfig: NoiseConfig | null;
  /** Used when an occurrence carries no priority. */
  readonly defaultPriority: PriorityLevel;
  /** False hides the type from the default issue stream unless a search filters on category or type. */
  readonly inDefaultSearch: boolean;
  /** Issues may be resolved by age (the project's auto-resolve setting). */
  readonly enableAutoResolve: boolean;
  /** Issues take part in escalation forecasts and may escalate on their own. */
  readonly enableEscalationDetection: boolean;
  /** How many new issues of this type one project may open. */
  readonly creationQuota: Quota;
  readonly notificationConfig: NotificationConfig;
  readonly detectorSettings: DetectorSettings | null;
  /** Workflow notifications for status changes (resolved, regressed, …). */
  readonly enableStatusChangeWorkflowNotifications: boolean;
  /** Any workflow notification (assignment, …). */
  readonly enableWorkflowNotifications: boolean;
  /** Users may change status and priority by hand. */
  readonly enableUserStatusAndPriorityChanges: boolean;
  readonly alwaysTriggerSeerAutomation: boolean;
  readonly gates: AccessGates;
}

/** A registered-ready, frozen group type: its attributes plus the behaviour they imply. */
export interface GroupType extends GroupTypeAttributes {
  /** Whether the consumer accepts this type's occurrences for an organisation with these flags. */
  allowIngest(flags: FeatureFlagSet): boolean;
  /** Whether this type's issues are post-processed for an organisation with these flags. */
  allowPostProcessGroup(flags: FeatureFlagSet): boolean;
  /** Whether the type shows in an organisation's UI. */
  isVisible(flags: FeatureFlagSet): boolean;
  /** Same as `enableEscalationDetection`. */
  shouldDetectEscalation(): boolean;
}

/** What a platform team writes: the four required attributes and any defaults to override. */
export interface GroupTypeDeclaration {
  typeId: number;
  slug: string;
  description: string;
  category: GroupCategory;
  categoryV2?: GroupCategory | null;
  /** Default false. */
  released?: boolean;
  /** Default null (no delay). `{}` means 3 sightings within 24 h. */
  noiseConfig?: Partial<NoiseConfig> | null;
  /** Default MEDIUM. */
  defaultPriority?: PriorityLevel;
  /** Default true. */
  inDefaultSearch?: boolean;
  /** Default true. */
  enableAutoResolve?: boolean;
  /** Default true. */
  enableEscalationDetection?: boolean;
  /** Default 5 per hour in one-minute buckets. */
  creationQuota?: Quota;
  /** Each left-out part takes its default. */
  notificationConfig?: Partial<NotificationConfig>;
  /** Default null. `configSchema` defaults to `{}`, `filter` to null. */
  detectorSettings?: Partial<DetectorSettings> | null;
  /** Default true. */
  enableStatusChangeWorkflowNotifications?: boolean;
  /** Default true. */
  enableWorkflowNotifications?: boolean;
  /** Default true. */
  enableUserStatusAndPriorityChanges?: boolean;
  /** Default false. */
  alwaysTriggerSeerAutomation?: boolean;
  /** Default: ingest and post-processing by flag, visibility by the type's own flag. */
  gates?: Partial<AccessGates>;
}

const SLUG_PATTERN = /^[a-z0-9]+(?:[_-][a-z0-9]+)*$/;
const MAX_TYPE_ID = 2 ** 31 - 1; // the wire's `type` is an Avro int
const GATE_MODES: readonly string[] = ['flag', 'always', 'never'];
const BOOLEAN_ATTRIBUTES = [
  'released',
  'inDefaultSearch',
  'enableAutoResolve',
  'enableEscalationDetection',
  'enableStatusChangeWorkflowNotifications',
  'enableWorkflowNotifications',
  'enableUserStatusAndPriorityChanges',
  'alwaysTriggerSeerAutomation',
] as const;

/**
 * Declares a group type: applies the defaults, checks every attribute and
 * returns a deeply frozen object. Registering it is a separate step
 * (`registry.register(type)`), so declaring has no side effects.
 *
 * Throws InvalidGroupTypeError naming the offending attribute.
 */
export function defineGroupType(declaration: GroupTypeDeclaration): GroupType {
  const attributes: GroupTypeAttributes = {
    typeId: declaration.typeId,
    slug: declaration.slug,
    description: declaration.description,
    category: declaration.category,
    categoryV2: declaration.categoryV2 ?? null,
    released: declaration.released ?? false,
    noiseConfig: declaration.noiseConfig ? noiseConfig(declaration.noiseConfig) : null,
    defaultPriority: declaration.defaultPriority ?? PriorityLevel.MEDIUM,
    inDefaultSearch: declaration.inDefaultSearch ?? true,
    enableAutoResolve: declaration.enableAutoResolve ?? true,
    enableEscalationDetection: declaration.enableEscalationDetection ?? true,
    creationQuota: declaration.creationQuota
      ? quota(declaration.creationQuota.windowSeconds, declaration.creationQuota.granularitySeconds, declaration.creationQuota.limit)
      : DEFAULT_CREATION_QUOTA,
    notificationConfig: notificationConfig(declaration.notificationConfig),
    detectorSettings: declaration.detectorSettings
      ? Object.freeze({
          configSchema: Object.freeze({ ...(declaration.detectorSettings.configSchema ?? {}) }),
          filter: declaration.detectorSettings.filter ?? null,
        })
      : null,
    enableStatusChangeWorkflowNotifications: declaration.enableStatusChangeWorkflowNotifications ?? true,
    enableWorkflowNotifications: declaration.enableWorkflowNotifications ?? true,
    enableUserStatusAndPriorityChanges: declaration.enableUserStatusAndPriorityChanges ?? true,
    alwaysTriggerSeerAutomation: declaration.alwaysTriggerSeerAutomation ?? false,
    gates: Object.freeze({
      ingest: declaration.gates?.ingest ?? 'flag',
      postProcessGroup: declaration.gates?.postProcessGroup ?? 'flag',
      visibleWith: declaration.gates?.visibleWith ? Object.freeze([...declaration.gates.visibleWith]) : null,
    }),
  };
  assertValidGroupType(attributes);
  const type: GroupType = Object.freeze({ ...attributes, ...behaviourOf(attributes) });
  DEFINED.add(type);
  return type;
}

/** Types made by defineGroupType: validated, frozen, behaviour bound to their own attributes. */
const DEFINED = new WeakSet<object>();

/**
 * A validated GroupType for any object with the attributes of one: the object
 * itself when defineGroupType made it, otherwise a fresh definition from its
 * attributes (a spread copy `{ ...type, slug }` must not keep behaviour bound
 * to the original's slug and flags).
 */
export function toGroupType(type: GroupTypeAttributes): GroupType {
  if (DEFINED.has(type)) return type as GroupType;
  if (typeof type !== 'object' || type === null) {
    throw new InvalidGroupTypeError('type', `must be an object, got ${String(type)}`, String(type));
  }
  return defineGroupType(type);
}

function behaviourOf(type: GroupTypeAttributes): Pick<GroupType, 'allowIngest' | 'allowPostProcessGroup' | 'isVisible' | 'shouldDetectEscalation'> {
  const names = featureFlagNames(type);
  const gate = (mode: GateMode, flag: string, flags: FeatureFlagSet): boolean => {
    if (mode !== 'flag') return mode === 'always';
    return type.released || flagLookup(flags).has(flag);
  };
  return {
    allowIngest: (flags) => gate(type.gates.ingest, names.ingest, flags),
    allowPostProcessGroup: (flags) => gate(type.gates.postProcessGroup, names.postProcessGroup, flags),
    isVisible: (flags) => {
      if (type.released) return true;
      const lookup = flagLookup(flags);
      return names.visible.some((flag) => lookup.has(flag));
    },
    shouldDetectEscalation: () => type.enableEscalationDetection,
  };
}

/** Every rule a group type must satisfy, as (attribute, problem) pairs; empty when valid. */
export function groupTypeProblems(type: GroupTypeAttributes): AttributeProblem[] {
  const problems: AttributeProblem[] = [];
  const add = (field: string, problem: string) => problems.push({ field, problem });
  if (!Number.isInteger(type.typeId) || type.typeId < 0 || type.typeId > MAX_TYPE_ID) {
    add('typeId', `must be an integer from 0 to ${MAX_TYPE_ID}, got ${String(type.typeId)}`);
  }
  if (typeof type.slug !== 'string' || !SLUG_PATTERN.test(type.slug)) {
    add('slug', `must be lower-case letters and digits separated by single "_" or "-", got ${JSON.stringify(type.slug)}`);
  }
  if (typeof type.description !== 'string' || type.description.trim() === '') add('description', 'must not be empty');
  if (!isGroupCategory(type.category)) add('category', `must be a GroupCategory value, got ${String(type.category)}`);
  if (type.categoryV2 !== null && !isGroupCategory(type.categoryV2)) {
    add('categoryV2', `must be a GroupCategory value or null, got ${String(type.categoryV2)}`);
  }
  if (!isIssuePriority(type.defaultPriority)) {
    add('defaultPriority', `must be LOW (25), MEDIUM (50) or HIGH (75), got ${String(type.defaultPriority)}`);
  }
  for (const name of BOOLEAN_ATTRIBUTES) {
    if (typeof type[name] !== 'boolean') add(name, `must be a boolean, got ${String(type[name])}`);
  }
  const nested = (prefix: string, found: AttributeProblem[]) => found.forEach(({ field, problem }) => add(`${prefix}.${field}`, problem));
  // Objects built by hand (not by defineGroupType) may lack the nested parts entirely.
  const isObject = (value: unknown, field: string): boolean => {
    if (typeof value === 'object' && value !== null) return true;
    add(field, `must be an object, got ${String(value)}`);
    return false;
  };
  if (type.noiseConfig !== null && isObject(type.noiseConfig, 'noiseConfig')) nested('noiseConfig', noiseConfigProblems(type.noiseConfig));
  if (isObject(type.creationQuota, 'creationQuota')) nested('creationQuota', quotaProblems(type.creationQuota));
  if (isObject(type.notificationConfig, 'notificationConfig') && Array.isArray(type.notificationConfig.context)) {
    nested('notificationConfig', notificationConfigProblems(type.notificationConfig));
  }
  if (isObject(type.gates, 'gates')) {
    for (const gate of ['ingest', 'postProcessGroup'] as const) {
      if (!GATE_MODES.includes(type.gates[gate])) add(`gates.${gate}`, `must be one of flag, always, never, got ${String(type.gates[gate])}`);
    }
    const visibleWith = type.gates.visibleWith;
    if (visibleWith !== null && (!Array.isArray(visibleWith) || visibleWith.length === 0 || visibleWith.some((flag) => typeof flag !== 'string' || flag === ''))) {
      add('gates.visibleWith', 'must list at least one non-empty flag name, or be null');
    }
  }
  return problems;
}

/** Throws InvalidGroupTypeError for the first broken rule. */
export function assertValidGroupType(type: GroupTypeAttributes): void {
  const [first] = groupTypeProblems(type);
  if (first) throw new InvalidGroupTypeError(first.field, first.problem, describeGroupType(type));
}
