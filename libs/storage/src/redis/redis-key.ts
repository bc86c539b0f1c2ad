const PURPOSE = /^[a-z0-9][a-z0-9_-]*$/;

export type RedisKeyPart = string | number | bigint;

/**
 * Builds a namespaced key `is:<purpose>:<part>:<part>…` (docs/architecture.md, Storage).
 * Colons are the separator, so a part containing one is rejected: otherwise
 * ('a:b', 'c') and ('a', 'b:c') would collide. Hash free-form values first.
 */
export function redisKey(purpose: string, ...parts: RedisKeyPart[]): string {
  if (!PURPOSE.test(purpose)) {
    throw new Error(
      `Invalid Redis key purpose "${purpose}": use lower-case letters, digits, '-' or '_'`,
    );
  }
  const rendered = parts.map((part, i) => {
    const text = String(part);
    if (text === '' || text.includes(':')) {
      throw new Error(
        `Invalid Redis key part #${i + 1} for "${purpose}": ${JSON.stringify(text)} is empty or contains ':'`,
      );
    }
    return text;
  });
  return ['is', purpose, ...rendered].join(':');
}
