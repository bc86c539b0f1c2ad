import type { OptionScope } from './define-option';

/** Fixed table and column per scope; never built from input, so safe to interpolate. */
export const OPTION_TABLES = {
  organization: { table: 'organization_options', owner: 'organization_id' },
  project: { table: 'project_options', owner: 'project_id' },
} as const satisfies Record<Exclude<OptionScope, 'global'>, { table: string; owner: string }>;

export type OwnedOptionScope = keyof typeof OPTION_TABLES;
