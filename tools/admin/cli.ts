// Admin CLI for tenants: organizations, projects, DSN keys, flags, options.
// Run: node -r @swc-node/register tools/admin/cli.ts <command> (see usage.ts).
import { sendLogsToStderr } from '@issuestream/observability';
import { runCli } from './run-cli';

// Library logs must not mix into --json output: the JSON logger's, and the
// Kafka client's, which it writes with console.log.
sendLogsToStderr();
console.log = (...args: unknown[]) => console.error(...args);

runCli(process.argv.slice(2), process.env, {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
}).then(
  (code) => {
    // exitCode, not exit(): lets stdout drain when it is a pipe.
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`error: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  },
);
