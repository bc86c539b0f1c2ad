/**
 * Ids are Postgres bigints but travel as JS numbers: every id we mint comes
 * from a bigserial and stays far below 2^53, and numbers are what Kafka
 * payloads, metrics tags and Map keys use everywhere else. `toSafeId` refuses
 * anything that would lose precision rather than round it.
 */
export type TenantId = number;

export interface OrganizationRef {
  readonly id: TenantId;
  readonly slug: string;
}

export interface Organization extends OrganizationRef {
  readonly name: string;
  readonly createdAt: Date;
}

/** What the consumers need about a project on the hot path, organisation included. */
export interface ProjectInfo {
  readonly id: TenantId;
  readonly organizationId: TenantId;
  readonly slug: string;
  readonly platform: string;
  readonly organization: OrganizationRef;
  /** A feedback from any source has been produced for this project. */
  readonly hasFeedbacks: boolean;
  /** A feedback from a new-style feedback envelope (widget, captureFeedback) has been produced. */
  readonly hasNewFeedbacks: boolean;
  /** Time of the project's first error event (null until one was post-processed). */
  readonly firstEvent: Date | null;
  /** A transaction has been seen on the eventstream. */
  readonly hasTransactions: boolean;
  /** An event carried feature flags (`contexts.flags`). */
  readonly hasFlags: boolean;
}

export interface RateLimit {
  /** Most events accepted per window. */
  readonly count: number;
  readonly windowSeconds: number;
}

/** A DSN key as Relay (or the stand-in) checks it on every request. */
export interface ProjectKey {
  readonly id: TenantId;
  readonly projectId: TenantId;
  readonly isActive: boolean;
  readonly rateLimit: RateLimit | null;
}

/** A freshly created key, with the pieces needed to build its DSN. */
export interface CreatedProjectKey extends ProjectKey {
  readonly publicKey: string;
  readonly secretKey: string;
  readonly label: string;
}
