import { API_SCOPES, parseScopes } from '@issuestream/api-tokens-data';
import { CliUsageError, takeArgs } from '../cli-args';
import type { AdminCommand } from './admin-command';
import { requireOrganization } from './lookup';

export const tokenCreate: AdminCommand = {
  name: 'token create',
  synopsis: `<org-slug> --scopes <${API_SCOPES.join(',')}> [--label <label>]`,
  summary: 'create an organisation API token (Authorization: Bearer …); the secret is printed once',
  async run(args, flags, context) {
    const [orgSlug] = takeArgs(this.name, args, ['org-slug']);
    if (flags.scopes === undefined) throw new CliUsageError(`token create: --scopes is required (${API_SCOPES.join(', ')})`);
    let scopes;
    try {
      scopes = parseScopes(flags.scopes);
    } catch (error) {
      throw new CliUsageError(error instanceof Error ? error.message : String(error));
    }
    const org = await requireOrganization(await context.store(), orgSlug);
    const token = await (await context.apiTokens()).create({ organizationId: org.id, scopes, label: flags.label });
    return {
      text: [
        `Created token ${token.id} "${token.label}" for ${org.slug} (scopes ${token.scopes.join(', ')})`,
        `  token: ${token.secret}`,
        '  (shown once: only its hash is stored)',
      ].join('\n'),
      json: { token: { id: token.id, organization: org.slug, label: token.label, scopes: token.scopes, secret: token.secret } },
    };
  },
};

export const tokenList: AdminCommand = {
  name: 'token list',
  synopsis: '<org-slug>',
  summary: "an organisation's live API tokens (id, label, scopes, first characters)",
  async run(args, _flags, context) {
    const [orgSlug] = takeArgs(this.name, args, ['org-slug']);
    const org = await requireOrganization(await context.store(), orgSlug);
    const tokens = await (await context.apiTokens()).list(org.id);
    return {
      text: tokens.length === 0 ? `No tokens for ${org.slug}` : tokens.map((t) => `${t.id}  ${t.prefix}…  ${t.label}  ${t.scopes.join(',')}`).join('\n'),
      json: { tokens: tokens.map((t) => ({ id: t.id, label: t.label, scopes: t.scopes, prefix: t.prefix, createdAt: t.createdAt })) },
    };
  },
};

export const tokenRevoke: AdminCommand = {
  name: 'token revoke',
  synopsis: '<org-slug> <token-id>',
  summary: 'revoke an API token (refused from then on)',
  async run(args, _flags, context) {
    const [orgSlug, rawId] = takeArgs(this.name, args, ['org-slug', 'token-id']);
    const id = Number(rawId);
    if (!Number.isSafeInteger(id) || id < 1) throw new CliUsageError(`token revoke: <token-id> must be a positive integer, got "${rawId}"`);
    const org = await requireOrganization(await context.store(), orgSlug);
    if (!(await (await context.apiTokens()).revoke(org.id, id))) throw new CliUsageError(`no live token ${id} in organization "${org.slug}"`);
    return { text: `Revoked token ${id} of ${org.slug}`, json: { revoked: { id, organization: org.slug } } };
  },
};
