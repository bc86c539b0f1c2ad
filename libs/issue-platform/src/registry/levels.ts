/**
 * Log levels an occurrence may carry, with the numeric level an issue stores
 * (Python logging values). The default is `info`.
 */
export const LOG_LEVELS = Object.freeze({
  sample: 0,
  debug: 10,
  info: 20,
  warning: 30,
  error: 40,
  fatal: 50,
} as const);

export type LogLevel = keyof typeof LOG_LEVELS;

export const DEFAULT_LOG_LEVEL: LogLevel = 'info';

export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(LOG_LEVELS, value);
}
