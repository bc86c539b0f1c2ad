import { testStackEnv } from '@issuestream/testing';
import { runAdmin } from './test/run-admin';

const stack = testStackEnv();

describe('admin user-reports update (child process)', () => {
  it('runs the update_user_reports job once and reports what it did', async () => {
    const env = { DATABASE_URL: stack.databaseUrl, KAFKA_BROKERS: stack.kafkaBrokers.join(','), SCHEMA_REGISTRY_URL: stack.schemaRegistryUrl };
    const run = await runAdmin(['user-reports', 'update', '--json'], env);
    expect(run).toMatchObject({ code: 0 });
    expect(JSON.parse(run.stdout)).toEqual({ examined: expect.any(Number), linked: expect.any(Number), shimmed: expect.any(Number) });
    expect((await runAdmin(['user-reports', 'update', 'extra'], env)).code).toBe(2);
  }, 60000);
});
