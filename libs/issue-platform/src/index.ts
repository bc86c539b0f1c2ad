/**
 * @issuestream/issue-platform — what platform teams import to put their own
 * problems on the issue platform: declare and register a group type
 * (`registry/`), then produce occurrences and status changes for it
 * (`producer/`); `shared/` keeps registered types in Postgres for every
 * service. The consumer side (`ingest/`) builds on the same registry.
 */
export * from './registry';
export * from './producer';
export * from './shared';
export * from './ingest';
