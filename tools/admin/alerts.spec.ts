import { selectRules } from '@issuestream/alerts-data';
import { createPgPool } from '@issuestream/storage';
import type { Pool } from 'pg';
import { createAdminTestSchema, type AdminTestSchema } from './test/admin-test-db';
import { runAdmin } from './test/run-admin';

describe('admin CLI: alerts (child process, real Postgres)', () => {
  let schema: AdminTestSchema;
  let pool: Pool;
  const admin = (...args: string[]) => runAdmin(args, { DATABASE_URL: schema.databaseUrl });

  beforeAll(async () => {
    schema = await createAdminTestSchema();
    pool = createPgPool(schema.databaseUrl, { max: 2 });
    expect(await admin('org', 'create', 'acme')).toMatchObject({ code: 0 });
    expect(await admin('project', 'create', 'acme', 'web')).toMatchObject({ code: 0 });
  });
  afterAll(async () => {
    await pool.end();
    await schema.drop();
  });

  it('adds, lists and removes a rule', async () => {
    const added = await admin('alerts', 'add', 'acme', 'web', '--category', 'feedback', '--to', 'ops@example.com', '--to', 'lead@example.com', '--json');
    expect(added).toMatchObject({ code: 0 });
    const rule = JSON.parse(added.stdout) as { id: number; projectId: number };
    expect(rule).toMatchObject({ trigger: 'new_issue', categories: ['feedback'], recipients: ['ops@example.com', 'lead@example.com'], frequencyMinutes: 30, name: 'New feedback alert' });
    expect(await selectRules(pool, [rule.projectId])).toMatchObject([{ id: rule.id }]);

    const regression = await admin('alerts', 'add', 'acme', 'web', '--trigger', 'regression', '--to', 'ops@example.com', '--frequency', '60', '--name', 'Comebacks');
    expect(regression).toMatchObject({ code: 0 });
    expect(regression.stdout).toMatch(/"Comebacks": when an issue regresses \(any category\) → ops@example.com, at most once per issue every 60 min/);

    const list = await admin('alerts', 'list', 'acme', 'web');
    expect(list.stdout).toContain(`#${rule.id} acme/web "New feedback alert": when a new issue is created (feedback) → ops@example.com, lead@example.com`);
    expect((await admin('alerts', 'list')).stdout.split('\n').filter(Boolean)).toHaveLength(2);

    expect(await admin('alerts', 'remove', String(rule.id))).toMatchObject({ code: 0, stdout: `alert rule #${rule.id} removed\n` });
    expect(await selectRules(pool, [rule.projectId])).toHaveLength(1);
  });

  it('refuses bad requests with exit code 2 and names the problem', async () => {
    const cases: [string[], RegExp][] = [
      [['alerts', 'add', 'acme', 'web'], /at least one --to/],
      [['alerts', 'add', 'acme', 'web', '--to', 'not-an-address'], /not an e-mail address/],
      [['alerts', 'add', 'acme', 'web', '--to', 'a@b.c', '--category', 'gossip'], /unknown --category gossip; one of error, performance/],
      [['alerts', 'add', 'acme', 'web', '--to', 'a@b.c', '--trigger', 'sometimes'], /--trigger must be one of new_issue, regression/],
      [['alerts', 'add', 'acme', 'web', '--to', 'a@b.c', '--frequency', '0'], /--frequency must be whole minutes/],
      [['alerts', 'add', 'acme', 'nope', '--to', 'a@b.c'], /unknown project "nope"/],
      [['alerts', 'remove', '999999'], /no alert rule #999999/],
    ];
    for (const [args, message] of cases) {
      const run = await admin(...args);
      expect({ args, code: run.code }).toEqual({ args, code: 2 });
      expect(run.stderr).toMatch(message);
    }
  });
});
