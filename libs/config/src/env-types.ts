import { z } from 'zod';

// Environment variables are always strings; these coerce them with defaults
// expressed in the same form an operator would write them.

export const envInt = (fallback: number, bounds: { min?: number; max?: number } = {}) =>
  z
    .string()
    .default(String(fallback))
    .transform((raw, ctx) => {
      const value = Number(raw);
      const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = bounds;
      if (!Number.isInteger(value) || value < min || value > max) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `expected an integer in [${min}, ${max}]` });
        return z.NEVER;
      }
      return value;
    });

export const envBoolean = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((raw) => raw === 'true' || raw === '1' || raw === 'yes');

export const envCsv = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((raw) => raw.split(',').map((part) => part.trim()).filter(Boolean))
    .refine((parts) => parts.length > 0, 'expected a comma-separated, non-empty list');

export const envUrl = (fallback?: string) => {
  const url = z.string().url('expected a URL');
  return fallback === undefined ? url.optional() : url.default(fallback);
};
