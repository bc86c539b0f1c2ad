export { API_TOKEN_MIGRATIONS_TABLE, apiTokenMigrations } from './api-token-migrations';
export { ApiTokenStore } from './api-token-store';
export type { CreatedOrgApiToken, OrgApiToken } from './api-token-store';
export { authenticateOrgToken, bearerToken, INVALID_TOKEN, NO_PERMISSION, NOT_FOUND, NOT_PROVIDED } from './org-token-auth';
export type { OrgTokenAuth } from './org-token-auth';
export { API_SCOPES, isApiScope, parseScopes } from './scopes';
export type { ApiScope } from './scopes';
export { hashToken, TOKEN_PREFIX } from './token-secret';
