import type { AttributeProblem } from './errors';

export const DEFAULT_IGNORE_LIMIT = 3;
/** 24 hours. */
export const DEFAULT_EXPIRY_SECONDS = 24 * 60 * 60;

/**
 * Delays issue creation: a fingerprint must be seen `ignoreLimit` times within
 * a window (the counter's TTL, `expirySeconds`, restarted by every sighting)
 * before its issue is created. Occurrences below the limit create nothing.
 */
export interface NoiseConfig {
  readonly ignoreLimit: number;
  readonly expirySeconds: number;
}

/** A noise config with the defaults (3 sightings within 24 h) for whatever is left out. */
export function noiseConfig(options: Partial<NoiseConfig> = {}): NoiseConfig {
  return Object.freeze({
    ignoreLimit: options.ignoreLimit ?? DEFAULT_IGNORE_LIMIT,
    expirySeconds: options.expirySeconds ?? DEFAULT_EXPIRY_SECONDS,
  });
}

/** Problems with a noise config, with paths relative to it (empty when valid). */
export function noiseConfigProblems(config: NoiseConfig): AttributeProblem[] {
  return (['ignoreLimit', 'expirySeconds'] as const)
    .filter((field) => !Number.isInteger(config[field]) || config[field] < 1)
    .map((field) => ({ field, problem: `must be an integer >= 1, got ${String(config[field])}` }));
}
