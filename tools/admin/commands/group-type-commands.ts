import {
  BUILTIN_GROUP_TYPES, groupCategoryName, InvalidGroupTypeError, priorityToString, type GroupType, type GroupTypeVersion, type RegisteredGroupType,
} from '@issuestream/issue-platform';
import { CliUsageError, takeArgs } from '../cli-args';

import type { AdminCommand } from './admin-command';

/** A number picks the type id, anything else the slug. */
const idOrSlug = (arg: string): number | string => (/^\d+$/.test(arg) ? Number(arg) : arg);

function summary(type: GroupType): string {
  const noise = type.noiseConfig ? `noise ${type.noiseConfig.ignoreLimit} in ${type.noiseConfig.expirySeconds}s` : 'no noise limit';
  const quota = `quota ${type.creationQuota.limit}/${type.creationQuota.windowSeconds}s`;
  return [groupCategoryName(type.category), type.released ? 'released' : 'unreleased', priorityToString(type.defaultPriority), noise, quota].join(', ');
}

const describeRegistered = (r: RegisteredGroupType) =>
  `  ${r.type.typeId} ${r.type.slug} "${r.type.description}" v${r.version} by ${r.owner}: ${summary(r.type)}`;

export const groupTypesList: AdminCommand = {
  name: 'group-types list',
  synopsis: '',
  summary: 'print the registered group types (shared registry) and the built-in ones',
  async run(args, _flags, context) {
    takeArgs(this.name, args, []);
    const registered = await (await context.groupTypes()).list();
    const lines = ['Registered', ...(registered.length ? registered.map(describeRegistered) : ['  (none)']), 'Built-in'];
    lines.push(...BUILTIN_GROUP_TYPES.map((t) => `  ${t.typeId} ${t.slug} "${t.description}": ${summary(t)}`));
    return { text: lines.join('\n'), json: { registered: registered.map(registeredJson), builtin: BUILTIN_GROUP_TYPES.map(typeJson) } };
  },
};

export const groupTypesShow: AdminCommand = {
  name: 'group-types show',
  synopsis: '<id|slug>',
  summary: 'print every attribute of one group type',
  async run(args, _flags, context) {
    const [which] = takeArgs(this.name, args, ['id|slug']);
    const key = idOrSlug(which);
    const builtin = BUILTIN_GROUP_TYPES.find((t) => t.typeId === key || t.slug === key);
    if (builtin) return { text: `${builtin.typeId} ${builtin.slug} (built-in)\n${JSON.stringify(typeJson(builtin), null, 2)}`, json: { builtin: true, type: typeJson(builtin) } };
    const found = await (await context.groupTypes()).find(key);
    if (!found) throw new CliUsageError(`${this.name}: no group type "${which}"`);
    return { text: `${describeRegistered(found).trim()}\n${JSON.stringify(typeJson(found.type), null, 2)}`, json: registeredJson(found) };
  },
};

export const groupTypesHistory: AdminCommand = {
  name: 'group-types history',
  synopsis: '<id|slug>',
  summary: 'print every version of a registered group type: who changed what, when',
  async run(args, _flags, context) {
    const [which] = takeArgs(this.name, args, ['id|slug']);
    const versions = await orUsageError(this.name, (await context.groupTypes()).history(idOrSlug(which)));
    const lines = versions.map((v, i) => `  v${v.version} ${v.changedAt.toISOString()} by ${v.changedBy}: ${changes(versions[i - 1], v)}`);
    return { text: lines.join('\n'), json: versions.map((v) => ({ version: v.version, changedBy: v.changedBy, changedAt: v.changedAt.toISOString(), type: typeJson(v.type) })) };
  },
};

export const groupTypesRelease: AdminCommand = {
  name: 'group-types release',
  synopsis: '<id|slug> [--undo]',
  summary: 'mark a registered group type released (no feature flags needed), or unreleased with --undo',
  async run(args, flags, context) {
    const [which] = takeArgs(this.name, args, ['id|slug']);
    const actor = `admin:${context.operator()}`;
    const released = !flags.undo;
    const changed = await orUsageError(this.name, (await context.groupTypes()).change(idOrSlug(which), { released }, { actor }));
    return { text: `${changed.type.slug} is ${released ? 'released' : 'unreleased'} (v${changed.version})`, json: registeredJson(changed) };
  },
};

async function orUsageError<T>(command: string, pending: Promise<T>): Promise<T> {
  try {
    return await pending;
  } catch (error) {
    if (error instanceof InvalidGroupTypeError) throw new CliUsageError(`${command}: ${error.message}`);
    throw error;
  }
}

/** The attributes that differ from the previous version, `name: old → new`; the first version lists its summary. */
function changes(previous: GroupTypeVersion | undefined, current: GroupTypeVersion): string {
  if (!previous) return `registered (${summary(current.type)})`;
  const before = typeJson(previous.type);
  const after = typeJson(current.type);
  const differing = Object.keys(after).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
  return differing.map((key) => `${key}: ${JSON.stringify(before[key])} → ${JSON.stringify(after[key])}`).join('; ') || 'no change';
}

const typeJson = (type: GroupType): Record<string, unknown> => JSON.parse(JSON.stringify(type)) as Record<string, unknown>;

const registeredJson = (r: RegisteredGroupType) => ({
  owner: r.owner, version: r.version, registeredAt: r.registeredAt.toISOString(), updatedAt: r.updatedAt.toISOString(), type: typeJson(r.type),
});

