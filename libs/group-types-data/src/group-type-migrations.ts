import type { Migration } from '@issuestream/storage';

/** History table of these migrations, apart from the tenant and issue histories. */
export const GROUP_TYPE_MIGRATIONS_TABLE = 'group_type_migrations';

/**
 * One row per registered (non built-in) group type. Uniqueness of the id and
 * the slug is left to the constraints, so two processes registering at the
 * same moment cannot both win. `type_id`, `slug` and `category` are never
 * updated; everything else lives in `attributes` and each change bumps
 * `version` and appends the new attributes to `group_type_history`.
 */
export const groupTypeMigrations: Migration[] = [
  {
    version: 1,
    name: 'group_types',
    up: `
      CREATE TABLE group_types (
        type_id integer PRIMARY KEY CHECK (type_id >= 0),
        slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+([_-][a-z0-9]+)*$'),
        category integer NOT NULL,
        owner text NOT NULL CHECK (owner <> ''),
        attributes jsonb NOT NULL,
        version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
        registered_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE group_type_history (
        type_id integer NOT NULL REFERENCES group_types (type_id) ON DELETE CASCADE,
        version integer NOT NULL,
        attributes jsonb NOT NULL,
        changed_by text NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (type_id, version)
      );
    `,
  },
];
