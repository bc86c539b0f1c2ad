export { GroupTypeStore } from './group-type-store';
export type { GroupTypeStoreOptions, GroupTypeVersion, RegisteredGroupType, RegistrationOutcome } from './group-type-store';
export { GROUP_TYPE_CACHE_DEFAULTS, GroupTypeResolver } from './group-type-resolver';
export type { GroupTypeResolverOptions, GroupTypeSource } from './group-type-resolver';
export { canonicalJson, groupTypeFromRow, storedAttributes } from './stored-form';
export type { MutableGroupTypeAttributes } from './stored-form';
