// A local SMTP server (npm smtp-server) that accepts every message and keeps it
// as one .eml file, so apps can send real mail through nodemailer and people and
// tests can read what was sent. Run by the stack (`smtp` service) and by tests
// that need their own server:
//
//   node deploy/local/mail-server.mjs --port 2525 --dir .stack/mail [--host 127.0.0.1]
//
// A message is written to `<dir>/<time>-<id>.eml.part` and renamed to `.eml`
// before the client is told 250, so a reader never sees half a message and a
// client that got its 250 can rely on the file being there.
import { createWriteStream, mkdirSync, renameSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pipeline } from 'node:stream/promises';
import { requireDependency } from './config.mjs';

/** Starts the server; resolves once it listens, with `close()` and the port it got (0 picks a free one). */
export async function startMailServer({ host = '127.0.0.1', port, dir, log = () => {} }) {
  const { SMTPServer } = requireDependency('smtp-server');
  mkdirSync(dir, { recursive: true });
  const server = new SMTPServer({
    // Local capture only: no TLS, any or no credentials.
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    // Local capture: no reverse DNS lookup of each client.
    disableReverseLookup: true,
    onAuth: (_auth, _session, callback) => callback(null, { user: 'local' }),
    logger: false,
    async onData(stream, session, callback) {
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`;
      const part = join(dir, `${name}.part`);
      try {
        await pipeline(stream, createWriteStream(part));
        renameSync(part, join(dir, name));
        log(`stored ${name} from ${session.envelope.mailFrom?.address ?? '?'} to ${session.envelope.rcptTo.map((r) => r.address).join(', ')}`);
        callback();
      } catch (error) {
        rmSync(part, { force: true });
        callback(error);
      }
    },
  });
  await new Promise((res, rej) => {
    server.once('error', rej);
    server.listen(port, host, () => {
      server.off('error', rej);
      res();
    });
  });
  server.on('error', (error) => log(`error: ${error.message}`));
  return {
    port: server.server.address().port,
    close: () => new Promise((res) => server.close(res)),
  };
}

function parseArgs(argv) {
  const options = { host: '127.0.0.1', port: 2525, dir: resolve('.stack/mail') };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    // The stack's owner marker (see process.mjs ownerTag) rides along as a bare argument.
    if (arg.startsWith('-Dissuestream.stack=')) continue;
    const value = argv[++i];
    if (arg === '--port') options.port = Number(value);
    else if (arg === '--dir') options.dir = resolve(value);
    else if (arg === '--host') options.host = value;
    else throw new Error(`unknown argument ${arg}`);
  }
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) throw new Error(`--port must be a TCP port`);
  return options;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const options = parseArgs(process.argv.slice(2));
  const log = (msg) => console.log(`${new Date().toISOString()} ${msg}`);
  const server = await startMailServer({ ...options, log });
  log(`smtp: listening on ${options.host}:${server.port}, storing mail in ${options.dir}`);
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.once(signal, () => {
      server.close().then(() => process.exit(0));
      // A client holding its connection open must not keep the process alive.
      setTimeout(() => process.exit(0), 2000).unref();
    });
  }
}
