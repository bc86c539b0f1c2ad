/**
 * @issuestream/group-types-data — the Postgres tables of the shared group-type
 * registry and their statements. What a type's attributes mean is the issue
 * platform's business; here they are JSON.
 */
export { GROUP_TYPE_MIGRATIONS_TABLE, groupTypeMigrations } from './group-type-migrations';
export {
  findConflictingGroupTypes, findGroupType, groupTypeHistory, insertGroupType, listGroupTypes, updateGroupTypeAttributes,
} from './group-type-rows';
export type { GroupTypeChange, NewGroupType, StoredAttributes, StoredGroupType } from './group-type-rows';
