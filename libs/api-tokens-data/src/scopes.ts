/** The scopes an organisation token may carry (the reference's names). */
export const API_SCOPES = ['org:read', 'project:read', 'project:write'] as const;

export type ApiScope = (typeof API_SCOPES)[number];

export const isApiScope = (value: string): value is ApiScope => (API_SCOPES as readonly string[]).includes(value);

/** Parses a comma-separated scope list; throws naming the first unknown scope. */
export function parseScopes(text: string): ApiScope[] {
  const parts = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (parts.length === 0) throw new Error(`scopes: at least one of ${API_SCOPES.join(', ')}`);
  const unknown = parts.find((s) => !isApiScope(s));
  if (unknown !== undefined) throw new Error(`scopes: unknown scope "${unknown}" (known: ${API_SCOPES.join(', ')})`);
  return [...new Set(parts as ApiScope[])];
}
