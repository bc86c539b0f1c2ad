import type { Pool, PoolClient } from 'pg';

type Queryable = Pick<Pool | PoolClient, 'query'>;

/** Attributes of a group type as stored: JSON, opaque to this library. */
export type StoredAttributes = Record<string, unknown>;

export interface StoredGroupType {
  readonly typeId: number;
  readonly slug: string;
  readonly category: number;
  /** The service that registered it; only it re-registers changed attributes. */
  readonly owner: string;
  readonly attributes: StoredAttributes;
  readonly version: number;
  readonly registeredAt: Date;
  readonly updatedAt: Date;
}

export interface GroupTypeChange {
  readonly typeId: number;
  readonly version: number;
  readonly attributes: StoredAttributes;
  readonly changedBy: string;
  readonly changedAt: Date;
}

export interface NewGroupType {
  readonly typeId: number;
  readonly slug: string;
  readonly category: number;
  readonly owner: string;
  readonly attributes: StoredAttributes;
}

interface GroupTypeRow {
  type_id: number;
  slug: string;
  category: number;
  owner: string;
  attributes: StoredAttributes;
  version: number;
  registered_at: Date;
  updated_at: Date;
}

const COLUMNS = 'type_id, slug, category, owner, attributes, version, registered_at, updated_at';

const fromRow = (row: GroupTypeRow): StoredGroupType => ({
  typeId: row.type_id,
  slug: row.slug,
  category: row.category,
  owner: row.owner,
  attributes: row.attributes,
  version: row.version,
  registeredAt: row.registered_at,
  updatedAt: row.updated_at,
});

/**
 * Inserts the type with its first history row, or does nothing when its id or
 * slug is taken (by a committed row, or by a concurrent insert this statement
 * waits for). Returns the stored row, or null when nothing was inserted.
 */
export async function insertGroupType(db: Queryable, type: NewGroupType): Promise<StoredGroupType | null> {
  const { rows } = await db.query<GroupTypeRow>(
    `WITH inserted AS (
       INSERT INTO group_types (type_id, slug, category, owner, attributes)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING
       RETURNING ${COLUMNS}
     ), first_version AS (
       INSERT INTO group_type_history (type_id, version, attributes, changed_by, changed_at)
       SELECT type_id, version, attributes, owner, registered_at FROM inserted
     )
     SELECT ${COLUMNS} FROM inserted`,
    [type.typeId, type.slug, type.category, type.owner, JSON.stringify(type.attributes)],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

/** The stored types holding this id or this slug (none, one, or two different ones), the id's first. */
export async function findConflictingGroupTypes(db: Queryable, typeId: number, slug: string): Promise<StoredGroupType[]> {
  const { rows } = await db.query<GroupTypeRow>(
    `SELECT ${COLUMNS} FROM group_types WHERE type_id = $1 OR slug = $2 ORDER BY type_id = $1 DESC`,
    [typeId, slug],
  );
  return rows.map(fromRow);
}

/**
 * Replaces the attributes of a type and records the change, unless they are
 * already equal (JSON equality). The UPDATE locks the row and re-reads it after
 * a concurrent change commits, so concurrent changes get consecutive versions.
 * Undefined when no type has the id.
 */
export async function updateGroupTypeAttributes(
  db: Queryable,
  typeId: number,
  attributes: StoredAttributes,
  changedBy: string,
): Promise<StoredGroupType | undefined> {
  const { rows } = await db.query<GroupTypeRow>(
    `WITH updated AS (
       UPDATE group_types SET attributes = $2, version = version + 1, updated_at = now()
       WHERE type_id = $1 AND attributes <> $2::jsonb
       RETURNING ${COLUMNS}
     ), recorded AS (
       INSERT INTO group_type_history (type_id, version, attributes, changed_by, changed_at)
       SELECT type_id, version, attributes, $3, updated_at FROM updated
     )
     SELECT ${COLUMNS} FROM updated`,
    [typeId, JSON.stringify(attributes), changedBy],
  );
  return rows[0] ? fromRow(rows[0]) : findGroupType(db, typeId);
}

/** Every stored type, by id. */
export async function listGroupTypes(db: Queryable): Promise<StoredGroupType[]> {
  const { rows } = await db.query<GroupTypeRow>(`SELECT ${COLUMNS} FROM group_types ORDER BY type_id`);
  return rows.map(fromRow);
}

/** The type with this id (a number) or slug (a string). */
export async function findGroupType(db: Queryable, idOrSlug: number | string): Promise<StoredGroupType | undefined> {
  const column = typeof idOrSlug === 'number' ? 'type_id' : 'slug';
  const { rows } = await db.query<GroupTypeRow>(`SELECT ${COLUMNS} FROM group_types WHERE ${column} = $1`, [idOrSlug]);
  return rows[0] ? fromRow(rows[0]) : undefined;
}

/** Every recorded version of a type, oldest first. */
export async function groupTypeHistory(db: Queryable, typeId: number): Promise<GroupTypeChange[]> {
  const { rows } = await db.query<{ type_id: number; version: number; attributes: StoredAttributes; changed_by: string; changed_at: Date }>(
    `SELECT type_id, version, attributes, changed_by, changed_at FROM group_type_history WHERE type_id = $1 ORDER BY version`,
    [typeId],
  );
  return rows.map((row) => ({ typeId: row.type_id, version: row.version, attributes: row.attributes, changedBy: row.changed_by, changedAt: row.changed_at }));
}
