import { BUILTIN_GROUP_TYPES } from './builtin';
import { GroupTypeRegistry } from './registry';

/** A new registry holding every built-in type; tests and tools that want isolation use this. */
export function createDefaultRegistry(): GroupTypeRegistry {
  return new GroupTypeRegistry(BUILTIN_GROUP_TYPES);
}

/**
 * The process-wide registry, pre-loaded with the built-in types. Platform
 * teams register their own types into it at start-up; producers and the
 * occurrence consumer use it unless given another one.
 */
export const defaultGroupTypeRegistry: GroupTypeRegistry = createDefaultRegistry();
