import { buildDsn, parseRateLimit } from '@issuestream/storage';
import { takeArgs } from '../cli-args';
import type { AdminCommand } from './admin-command';
import { requireOrganization, requireProject } from './lookup';

export const orgCreate: AdminCommand = {
  name: 'org create',
  synopsis: '<slug> [--name <display name>]',
  summary: 'create an organization',
  async run(args, flags, context) {
    const [slug] = takeArgs(this.name, args, ['slug']);
    const store = await context.store();
    const org = await store.createOrganization({ slug, name: flags.name });
    return {
      text: `Created organization ${org.slug} (id ${org.id}, "${org.name}")`,
      json: { organization: { id: org.id, slug: org.slug, name: org.name } },
    };
  },
};

export const projectCreate: AdminCommand = {
  name: 'project create',
  synopsis: '<org-slug> <project-slug> [--platform javascript]',
  summary: 'create a project in an organization',
  async run(args, flags, context) {
    const [orgSlug, projectSlug] = takeArgs(this.name, args, ['org-slug', 'project-slug']);
    const store = await context.store();
    const org = await requireOrganization(store, orgSlug);
    const project = await store.createProject({
      organizationId: org.id,
      slug: projectSlug,
      platform: flags.platform ?? 'javascript',
    });
    return {
      text: `Created project ${org.slug}/${project.slug} (id ${project.id}, ${project.platform})`,
      json: { project },
    };
  },
};

export const keyCreate: AdminCommand = {
  name: 'key create',
  synopsis: '<org-slug> <project-slug> [--label <label>] [--rate-limit <count>/<seconds>]',
  summary: 'create a DSN key; prints the public key and the DSN',
  async run(args, flags, context) {
    const [orgSlug, projectSlug] = takeArgs(this.name, args, ['org-slug', 'project-slug']);
    // Checked before touching the database, like every argument.
    const rateLimit = flags.rateLimit === undefined ? null : parseRateLimit(flags.rateLimit);
    const host = context.relayHost();
    const store = await context.store();
    const project = await requireProject(store, orgSlug, projectSlug);
    const key = await store.createProjectKey({
      projectId: project.id,
      label: flags.label,
      rateLimit,
    });
    const dsn = buildDsn({ publicKey: key.publicKey, projectId: project.id, host });
    const limitText = key.rateLimit
      ? `${key.rateLimit.count} per ${key.rateLimit.windowSeconds} s`
      : 'none';
    return {
      text: [
        `Created key "${key.label}" for ${orgSlug}/${projectSlug} (project ${project.id})`,
        `  public key: ${key.publicKey}`,
        `  DSN:        ${dsn}`,
        `  rate limit: ${limitText}`,
      ].join('\n'),
      json: {
        key: {
          id: key.id,
          projectId: key.projectId,
          publicKey: key.publicKey,
          label: key.label,
          isActive: key.isActive,
          rateLimit: key.rateLimit,
        },
        dsn,
      },
    };
  },
};

export const keyDeactivate: AdminCommand = {
  name: 'key deactivate',
  synopsis: '<public-key>',
  summary: 'stop accepting events sent with a key (the key is kept)',
  async run(args, _flags, context) {
    const [publicKey] = takeArgs(this.name, args, ['public-key']);
    const store = await context.store();
    await store.deactivateKey(publicKey);
    return { text: `Deactivated key ${publicKey}`, json: { publicKey, isActive: false } };
  },
};
