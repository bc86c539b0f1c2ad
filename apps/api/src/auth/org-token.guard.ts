import { createParamDecorator, HttpException, Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { authenticateOrgToken, bearerToken, type ApiScope, type OrgApiToken } from '@issuestream/api-tokens-data';
import type { Organization } from '@issuestream/storage';
import type { FastifyRequest } from 'fastify';
import { ApiResources } from '../api-resources';

/** Who is calling: the token and the organisation of the route's `:org`, which is the token's own. */
export interface OrgCaller {
  token: OrgApiToken;
  organization: Organization;
}

const SCOPES = Symbol('org-token-scopes');
const CALLER = Symbol('org-caller');

type RequestWithCaller = FastifyRequest & { [CALLER]?: OrgCaller };

/** The scopes an endpoint accepts (any one of them is enough); the route must have an `:org` parameter. */
export const OrgScopes = (...scopes: ApiScope[]) => SetMetadata(SCOPES, scopes);

/** The authenticated caller in a handler guarded by OrgTokenGuard. */
export const Caller = createParamDecorator((_data: unknown, context: ExecutionContext): OrgCaller => {
  const caller = context.switchToHttp().getRequest<RequestWithCaller>()[CALLER];
  if (!caller) throw new Error('Caller used on a route without OrgTokenGuard');
  return caller;
});

/**
 * `Authorization: Bearer <organisation token>` for `/api/0/organizations/:org/…`
 * and `/api/0/projects/:org/…` routes: 401 without a valid token, 404 when the
 * token belongs to another organisation (as for an unknown one), 403 when it
 * lacks every scope the route accepts. Errors are `{ "detail": … }`.
 */
@Injectable()
export class OrgTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly resources: ApiResources,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const scopes = this.reflector.getAllAndOverride<ApiScope[] | undefined>(SCOPES, [context.getHandler(), context.getClass()]);
    if (!scopes) throw new Error(`${context.getClass().name}.${context.getHandler().name} has OrgTokenGuard but no @OrgScopes`);
    const req = context.switchToHttp().getRequest<RequestWithCaller>();
    const org = String((req.params as Record<string, unknown>)['org'] ?? '');
    const auth = await authenticateOrgToken(bearerToken(req.headers.authorization), org, scopes, {
      tokens: this.resources.apiTokens,
      organizationBySlug: (slug) => this.resources.tenants.getOrganizationBySlug(slug),
    });
    if (!auth.ok) throw new HttpException({ detail: auth.detail }, auth.status);
    req[CALLER] = { token: auth.token, organization: auth.organization };
    return true;
  }
}
