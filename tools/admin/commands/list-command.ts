import { FEATURE_DEFAULTS, listTenants, type TenantListing } from '@issuestream/storage';
import { takeArgs } from '../cli-args';
import type { AdminCommand } from './admin-command';

export const list: AdminCommand = {
  name: 'list',
  synopsis: '',
  summary: 'print organizations, projects, keys, flag overrides and options',
  async run(args, _flags, context) {
    takeArgs(this.name, args, []);
    const listing = await listTenants(await context.db());
    return {
      text: formatListing(listing),
      json: { ...listing, featureDefaults: FEATURE_DEFAULTS },
    };
  },
};

const settings = (values: Record<string, unknown>): string =>
  Object.entries(values)
    .map(
      ([key, value]) =>
        `${key}=${typeof value === 'boolean' ? (value ? 'on' : 'off') : JSON.stringify(value)}`,
    )
    .join(', ');

function formatListing(listing: TenantListing): string {
  const lines: string[] = ['Organizations'];
  if (!listing.organizations.length) lines.push('  (none)');
  for (const org of listing.organizations) {
    lines.push(`  ${org.slug} (id ${org.id}) "${org.name}"`);
    if (Object.keys(org.features).length) lines.push(`    flags: ${settings(org.features)}`);
    if (Object.keys(org.options).length) lines.push(`    options: ${settings(org.options)}`);
  }
  lines.push('Projects');
  if (!listing.projects.length) lines.push('  (none)');
  for (const project of listing.projects) {
    lines.push(
      `  ${project.organizationSlug}/${project.slug} (id ${project.id}, ${project.platform})`,
    );
    if (Object.keys(project.options).length)
      lines.push(`    options: ${settings(project.options)}`);
  }
  lines.push('Keys');
  if (!listing.keys.length) lines.push('  (none)');
  for (const key of listing.keys) {
    const limit = key.rateLimit
      ? `${key.rateLimit.count}/${key.rateLimit.windowSeconds}s`
      : 'no limit';
    const state = key.isActive ? 'active' : 'inactive';
    lines.push(
      `  ${key.organizationSlug}/${key.projectSlug} ${key.publicKey} ${state} ${limit} "${key.label}"`,
    );
  }
  if (Object.keys(listing.globalOptions).length) {
    lines.push('Global options', `  ${settings(listing.globalOptions)}`);
  }
  lines.push('Flag defaults (where no override is set; unlisted flags are off)');
  for (const [flag, enabled] of Object.entries(FEATURE_DEFAULTS)) {
    lines.push(`  ${flag} ${enabled ? 'on' : 'off'}`);
  }
  return lines.join('\n');
}
