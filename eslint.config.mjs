import nx from '@nx/eslint-plugin';

// Layers by `type:*` tag: apps → feature → data-access → util. An app imports
// no other app; only the cross-app tests (type:e2e, apps/e2e) may, and only
// through each app's public entry (apps/<app>/src/index.ts).
const depConstraints = [
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:app', 'type:feature', 'type:data-access', 'type:util'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:util'] },
  { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:util'] },
  { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:data-access', 'type:util'] },
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
];
const boundaries = (allow) => ['error', { enforceBuildableLibDependency: false, allow, depConstraints }];
// The apps' public entries (tsconfig.base.json paths). Nx reports any import of
// an application before it looks at tags, so the e2e project lists them here.
const appEntries = ['@issuestream/api', '@issuestream/ingest-events', '@issuestream/ingest-feedback-events', '@issuestream/ingest-occurrences', '@issuestream/ingest-outcomes', '@issuestream/relay'];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', '.stack/**', '**/*.generated.ts'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries([]),
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  { files: ['apps/e2e/**/*.ts'], rules: { '@nx/enforce-module-boundaries': boundaries(appEntries) } },
  { files: ['**/*.spec.ts', '**/test/**/*.ts', 'apps/e2e/**/*.ts', 'bench/**/*.ts'], rules: { '@typescript-eslint/no-non-null-assertion': 'off' } },
];
