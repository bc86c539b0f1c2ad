import { ClickHouseError } from '@clickhouse/client';
import { closedPort } from '../../test/test-env';
import { createClickHouse } from './create-clickhouse';
import { isTransientClickHouseError } from './is-transient-clickhouse-error';

describe('isTransientClickHouseError', () => {
  it('treats an unreachable server as transient (real HTTP connection refused)', async () => {
    const err = await createClickHouse({ url: `http://127.0.0.1:${await closedPort()}` }).catch(
      (e: unknown) => e,
    );
    // Node's socket errors come from outside jest's sandbox realm, so check the shape, not instanceof.
    expect(err).toMatchObject({ code: 'ECONNREFUSED' });
    expect(isTransientClickHouseError(err)).toBe(true);
  });

  it('separates overload and availability codes from mistakes in the request', () => {
    const ch = (code: string, type: string) => new ClickHouseError({ message: type, code, type });
    expect(isTransientClickHouseError(ch('202', 'TOO_MANY_SIMULTANEOUS_QUERIES'))).toBe(true);
    expect(isTransientClickHouseError(ch('252', 'TOO_MANY_PARTS'))).toBe(true);
    expect(isTransientClickHouseError(ch('242', 'TABLE_IS_READ_ONLY'))).toBe(true);
    expect(isTransientClickHouseError(ch('62', 'SYNTAX_ERROR'))).toBe(false);
    expect(isTransientClickHouseError(ch('27', 'CANNOT_PARSE_INPUT_ASSERTION_FAILED'))).toBe(false);
    expect(isTransientClickHouseError(ch('60', 'UNKNOWN_TABLE'))).toBe(false);
    expect(
      isTransientClickHouseError(new Error('wrapped', { cause: ch('159', 'TIMEOUT_EXCEEDED') })),
    ).toBe(true);
  });
});
