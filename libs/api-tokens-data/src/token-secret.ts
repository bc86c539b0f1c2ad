import { createHash, randomBytes } from 'node:crypto';

/** Every token starts with this, so a leaked one is recognisable by secret scanners. */
export const TOKEN_PREFIX = 'isu_';

export const newTokenSecret = (): string => TOKEN_PREFIX + randomBytes(32).toString('base64url');

export const hashToken = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

/** What listings show of a token: enough to tell tokens apart, useless to an attacker. */
export const tokenDisplayPrefix = (secret: string): string => secret.slice(0, TOKEN_PREFIX.length + 6);
