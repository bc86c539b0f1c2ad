import { InvalidTenantInputError } from './tenant-errors';
import type { TenantId } from './tenant-types';

/** Converts a bigint column (pg hands those over as strings) to a number, refusing precision loss. */
export function toSafeId(raw: string | number): TenantId {
  const id = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isSafeInteger(id)) {
    throw new RangeError(`Tenant id ${raw} is beyond 2^53 and cannot be represented as a number`);
  }
  return id;
}

/** An id that could exist: bulk reads skip anything else instead of failing a whole batch on one bad message. */
export function isTenantId(id: number): boolean {
  return Number.isSafeInteger(id) && id > 0;
}

/** Writes name the bad id instead of letting Postgres reject the parameter. */
export function assertTenantId(id: number, what: string): void {
  if (!isTenantId(id)) {
    throw new InvalidTenantInputError(
      `Invalid ${what} id ${String(id)}: expected a positive integer`,
    );
  }
}
