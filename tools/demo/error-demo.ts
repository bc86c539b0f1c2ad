// Demo for the main command: sends an exception through the real Sentry SDK to
// the Relay stand-in, prints the error issue (Postgres) and its `errors` row
// (ClickHouse, through ingest-events' HTTP API), then sends the same error
// thrown from another line and shows times_seen 2 on the same issue.
import { randomUUID } from 'node:crypto';
import * as Sentry from '@sentry/node';
import { createPgPool } from '@issuestream/storage';
import { waitFor } from '@issuestream/testing';
import { seedDemoProject, waitUntilReady } from './demo-project';
import { runDemo } from './run-demo';

const env = process.env;
const relayPort = env['RELAY_PORT'] ?? '3000';
const eventsUrl = env['INGEST_EVENTS_URL'] ?? 'http://127.0.0.1:3400';

/** Two different lines that throw the same error, so both events share the issue. */
function failCheckout(cartId: string, fromSecondLine: boolean): Error {
  try {
    if (!fromSecondLine) throw new TypeError(`Cannot read properties of undefined (reading 'total') in cart ${cartId}`);
    throw new TypeError(`Cannot read properties of undefined (reading 'total') in cart ${cartId}`);
  } catch (error) {
    return error as Error;
  }
}

async function main(): Promise<void> {
  const pool = createPgPool(env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/issuestream');
  try {
    await waitUntilReady([`http://127.0.0.1:${relayPort}`, eventsUrl]);
    const { project, dsn } = await seedDemoProject(pool, relayPort, 'demo-errors');
    Sentry.init({ dsn, defaultIntegrations: false, skipOpenTelemetrySetup: true, environment: 'demo', release: 'demo@1.0.0' });

    // The cart id is parameterized away in grouping but keeps each demo run's issue apart from earlier runs' in the title.
    const cart = randomUUID().slice(0, 8);
    const first = Sentry.captureException(failCheckout(cart, false));
    await Sentry.flush(5000);
    console.log(`[demo] sent an exception with @sentry/node captureException (event ${first})`);
    const issue = async (eventId: string) => {
      const row = await waitFor(
        async () => (await (await fetch(`${eventsUrl}/errors?project_id=${project.id}&event_id=${eventId.replace(/-/g, '')}`)).json() as { group_id: number }[])[0],
        { timeoutMs: 60000, description: `the errors row of ${eventId}` },
      );
      const group = (await pool.query(`SELECT id, type, title, culprit, status, substatus, times_seen FROM groups WHERE id = $1`, [row.group_id])).rows[0];
      return { row, group };
    };
    const one = await issue(first);
    console.log(`[demo] error issue: ${JSON.stringify(one.group)}`);
    console.log(`[demo] ClickHouse errors row: ${JSON.stringify(one.row)}`);

    const second = Sentry.captureException(failCheckout(cart, true));
    await Sentry.flush(5000);
    const two = await issue(second);
    const updated = await waitFor(
      async () => (await pool.query(`SELECT id, title, culprit, times_seen FROM groups WHERE id = $1 AND times_seen >= 2`, [two.row.group_id])).rows[0],
      { timeoutMs: 60000, description: 'times_seen 2' },
    );
    console.log(`[demo] the same error from another line (event ${second}) joined ${one.group.id === updated.id ? 'the same' : 'ANOTHER'} issue: ${JSON.stringify(updated)}`);
    await Sentry.close(2000);
  } finally {
    await pool.end();
  }
}

runDemo(main);
