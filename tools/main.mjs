#!/usr/bin/env node
// The README's main command: install, start the local stack (its SMTP server
// included), register the schemas, start every app built so far, run a short demo through them, then
// keep the apps running until Ctrl-C (the stack stays up for the next run).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { installDependencies, registerSchemas, ROOT, run, startStack } from './bootstrap.mjs';

const apps = [
  { name: 'sample-consumer', entry: 'apps/sample-consumer/src/main.ts', env: { HTTP_PORT: '3100', HTTP_HOST: '127.0.0.1' } },
  { name: 'ingest-occurrences', entry: 'apps/ingest-occurrences/src/main.ts', env: { HTTP_PORT: '3200', HTTP_HOST: '127.0.0.1' } },
  { name: 'ingest-feedback-events', entry: 'apps/ingest-feedback-events/src/main.ts', env: { HTTP_PORT: '3300', HTTP_HOST: '127.0.0.1' } },
  // chDB locks its data directory: each app that opens ClickHouse needs its own.
  { name: 'ingest-events', entry: 'apps/ingest-events/src/main.ts', env: { HTTP_PORT: '3400', HTTP_HOST: '127.0.0.1', CLICKHOUSE_PATH: '.stack/data/clickhouse-errors' } },
  { name: 'ingest-outcomes', entry: 'apps/ingest-outcomes/src/main.ts', env: { HTTP_PORT: '3800', HTTP_HOST: '127.0.0.1', CLICKHOUSE_PATH: '.stack/data/clickhouse-outcomes' } },
  { name: 'ingest-attachments', entry: 'apps/ingest-attachments/src/main.ts', env: { HTTP_PORT: '3600', HTTP_HOST: '127.0.0.1', CLICKHOUSE_PATH: '.stack/data/clickhouse-attachments' } },
  { name: 'relay', entry: 'apps/relay/src/main.ts', env: { RELAY_PORT: '3000', HTTP_HOST: '127.0.0.1' } },
  // The api reads search_issues through ingest-occurrences, which owns that chDB directory.
  { name: 'api', entry: 'apps/api/src/main.ts', env: { HTTP_PORT: '3500', HTTP_HOST: '127.0.0.1', ISSUE_STREAM_URL: 'http://127.0.0.1:3200' } },
  { name: 'post-process', entry: 'apps/post-process/src/main.ts', env: { HTTP_PORT: '3700', HTTP_HOST: '127.0.0.1', CLICKHOUSE_PATH: '.stack/data/clickhouse-post-process' } },
];
const demos = ['tools/demo/sample-demo.ts', 'tools/demo/occurrence-demo.ts', 'tools/demo/feedback-demo.ts', 'tools/demo/error-demo.ts', 'tools/demo/user-report-demo.ts', 'tools/demo/inbox-demo.ts'];

const tsNode = (entry) => [process.execPath, ['-r', '@swc-node/register', join(ROOT, entry)]];

function startApp(app, stack) {
  const [command, args] = tsNode(app.entry);
  const child = spawn(command, args, {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, ...stack, SWC_NODE_PROJECT: join(ROOT, 'tsconfig.base.json'), ...app.env },
  });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`[issuestream] ${app.name} exited (${code ?? signal}); stopping`);
      shutdown(1);
    }
  });
  return child;
}

let stopping = false;
const children = [];
function shutdown(code) {
  if (stopping) return;
  stopping = true;
  console.log('[issuestream] stopping apps (the stack keeps running: `npm run stack -- down` stops it)…');
  let remaining = children.length;
  if (remaining === 0) process.exit(code);
  for (const child of children) {
    child.once('exit', () => --remaining === 0 && process.exit(code));
    child.kill('SIGTERM');
  }
}

async function main() {
  installDependencies();
  const stack = await startStack();
  registerSchemas(stack);
  for (const app of apps) children.push(startApp(app, stack));
  process.on('SIGINT', () => shutdown(0));
  process.on('SIGTERM', () => shutdown(0));
  for (const demo of demos) {
    const [command, args] = tsNode(demo);
    run(command, args, { env: { ...process.env, ...stack, SWC_NODE_PROJECT: join(ROOT, 'tsconfig.base.json') } });
  }
  console.log(
    '[issuestream] running: relay on http://127.0.0.1:3000 (send SDK traffic to the DSN above), sample-consumer :3100, ' +
      'ingest-occurrences :3200 (GET /search-issues), ingest-feedback-events :3300, ingest-events :3400 (GET /errors), ingest-attachments :3600, ingest-outcomes :3800 (GET /outcome-stats), ' +
      'api :3500 (user-feedback endpoint, crash-report dialog, attachments, stats_v2, sdk-heartbeat, issues API, the feedback inbox at the link above), post-process :3700 (GET /replay-links); each has /readyz and /metrics. Ctrl-C to stop.',
  );
  console.log(`[issuestream] mail: alert e-mails go to the stack's SMTP server ${stack.SMTP_URL} and land in .stack/mail/*.eml (rules: npm run admin -- alerts list)`);
  if (process.argv.includes('--once')) shutdown(0);
}

main().catch((error) => {
  console.error(`[issuestream] ${error.message}`);
  shutdown(1);
});
