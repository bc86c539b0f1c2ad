import {
  findKnownOption,
  isOptionOfScope,
  KNOWN_OPTIONS,
  UnknownOptionError,
  type OptionDefinition,
  type OptionScope,
} from '@issuestream/storage';
import { CliUsageError, takeArgs } from '../cli-args';
import type { AdminCommand } from './admin-command';
import { requireOrganization, requireProject } from './lookup';

export const flagSet: AdminCommand = {
  name: 'flag set',
  synopsis: '<org-slug> <flag> on|off',
  summary: 'override a feature flag for an organization',
  async run(args, _flags, context) {
    const [orgSlug, flag, state] = takeArgs(this.name, args, ['org-slug', 'flag', 'on|off']);
    if (state !== 'on' && state !== 'off') {
      throw new CliUsageError(`${this.name}: expected on or off, got "${state}"`);
    }
    const store = await context.store();
    const org = await requireOrganization(store, orgSlug);
    const enabled = state === 'on';
    await store.setFeature(org.id, flag, enabled);
    return {
      text: `${flag} is now ${state} for ${org.slug}`,
      json: { organization: org.slug, flag, enabled },
    };
  },
};

/** The CLI says `org`; the option registry says `organization`. */
const SCOPE_WORDS: Record<string, OptionScope> = {
  global: 'global',
  org: 'organization',
  project: 'project',
};

export const optionSet: AdminCommand = {
  name: 'option set',
  synopsis:
    'global <key> <json> | org <org-slug> <key> <json> | project <org-slug> <project-slug> <key> <json>',
  summary: 'store an option value (validated against the option’s schema)',
  async run(args, _flags, context) {
    const [scopeWord = '', ...rest] = args;
    const scope = SCOPE_WORDS[scopeWord];
    if (!scope) {
      throw new CliUsageError(`${this.name}: expected global, org or project, got "${scopeWord}"`);
    }
    const targetNames =
      scope === 'global'
        ? []
        : scope === 'organization'
          ? ['org-slug']
          : ['org-slug', 'project-slug'];
    const all = takeArgs(`${this.name} ${scopeWord}`, rest, [...targetNames, 'key', 'json value']);
    const target = all.slice(0, targetNames.length);
    const [key = '', json = ''] = all.slice(targetNames.length);
    const option = requireOption(key, scope);
    const value = parseJsonArgument(json);

    const store = await context.store();
    let targetLabel = 'global';
    if (isOptionOfScope(option, 'global')) {
      await store.setGlobalOption(option, value);
    } else if (isOptionOfScope(option, 'organization')) {
      const org = await requireOrganization(store, target[0] ?? '');
      await store.setOrganizationOption(org.id, option, value);
      targetLabel = org.slug;
    } else if (isOptionOfScope(option, 'project')) {
      const project = await requireProject(store, target[0] ?? '', target[1] ?? '');
      await store.setProjectOption(project.id, option, value);
      targetLabel = `${project.organization.slug}/${project.slug}`;
    }
    return {
      text: `${option.key} = ${JSON.stringify(value)} (${targetLabel})`,
      json: { scope, target: targetLabel, key: option.key, value },
    };
  },
};

function requireOption(key: string, scope: OptionScope): OptionDefinition<unknown> {
  const option = findKnownOption(key);
  if (option?.scope === scope) return option;
  const sameScope = KNOWN_OPTIONS.filter((known) => known.scope === scope).map(
    (known) => known.key,
  );
  const known = sameScope.length ? sameScope.join(', ') : 'none are defined';
  const why = option ? `is a ${option.scope} option` : 'is not a known option';
  throw new UnknownOptionError(`"${key}" ${why}; ${scope} options: ${known}`);
}

function parseJsonArgument(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new CliUsageError(
      `option value must be JSON, got ${text} (quote strings twice, e.g. '"text"'; lists as '["a","b"]')`,
    );
  }
}
