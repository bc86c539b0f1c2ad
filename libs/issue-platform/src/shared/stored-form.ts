import type { StoredAttributes, StoredGroupType } from '@issuestream/group-types-data';
import type { GroupCategory } from '../registry/categories';
import { toGroupType, type GroupType, type GroupTypeAttributes, type GroupTypeDeclaration } from '../registry/group-type';

/** The attributes the owner may change after registering; id, slug and category never change. */
export type MutableGroupTypeAttributes = Partial<Omit<GroupTypeDeclaration, 'typeId' | 'slug' | 'category'>>;

/** Attributes with every default applied, as plain JSON (what the table stores and compares). */
export function storedAttributes(type: GroupTypeAttributes): StoredAttributes {
  // JSON leaves the behaviour (functions) out and keeps every attribute, defaults included.
  return JSON.parse(JSON.stringify(toGroupType(type))) as StoredAttributes;
}

/** The type a stored row describes, re-validated (a row edited by hand must not break consumers). */
export function groupTypeFromRow(row: Pick<StoredGroupType, 'typeId' | 'slug' | 'category' | 'attributes'>): GroupType {
  return toGroupType({ ...(row.attributes as unknown as GroupTypeAttributes), typeId: row.typeId, slug: row.slug, category: row.category as GroupCategory });
}

/** Key-order-independent JSON, so two equal declarations compare equal whatever order their keys were written in. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonicalJson(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
