import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { freePort } from './free-port';
import { waitFor } from './wait-for';

const repoRoot = path.resolve(__dirname, '../../..');

export interface TestMailServer {
  readonly port: number;
  readonly url: string;
  /** Where each received message is one .eml file. */
  readonly dir: string;
  /** Starts the server process (again, on the same port and directory); resolves once it greets. */
  start(): Promise<void>;
  /** Kills the process (SIGKILL: a server that went away, not one that said goodbye). */
  stop(): Promise<void>;
  /** Every message received so far, parsed, oldest first. */
  messages(): Promise<ParsedMail[]>;
  /** Stops the server for good and deletes its mail directory. */
  close(): Promise<void>;
}

const greets = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('data', (chunk) => done(chunk.toString('latin1').startsWith('220')));
    socket.once('error', () => done(false));
  });

/**
 * The local stack's SMTP server (`deploy/local/mail-server.mjs`) as a process
 * of the test's own, on a free port with a fresh mail directory, so a test can
 * take it away and bring it back (an SMTP outage) without touching the stack's.
 */
export async function testMailServer(): Promise<TestMailServer> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'issuestream-mail-'));
  let child: ChildProcess | undefined;
  const server: TestMailServer = {
    port,
    url: `smtp://127.0.0.1:${port}`,
    dir,
    async start() {
      child = spawn(process.execPath, [path.join(repoRoot, 'deploy/local/mail-server.mjs'), '--port', String(port), '--dir', dir], {
        cwd: repoRoot,
        stdio: 'ignore',
      });
      await waitFor(() => greets(port), { timeoutMs: 15000, description: `the mail server on port ${port}` });
    },
    async stop() {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGKILL');
      await exited;
    },
    async close() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
    async messages() {
      const files = readdirSync(dir).filter((f) => f.endsWith('.eml')).sort();
      return Promise.all(files.map((f) => simpleParser(readFileSync(path.join(dir, f)))));
    },
  };
  await server.start();
  return server;
}
