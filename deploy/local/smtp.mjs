// The stack's SMTP server: deploy/local/mail-server.mjs run as a detached node
// process, keeping every received message under .stack/mail as an .eml file.
import net from 'node:net';
import { join } from 'node:path';
import { HERE } from './config.mjs';
import { ownerTag, spawnDetached } from './process.mjs';

export function startSmtp(cfg) {
  const { port, dir, logFile, pidFile } = cfg.smtp;
  cfg.log(`smtp: starting the mail server on ${cfg.smtp.url} (mail kept in ${dir})`);
  return spawnDetached({
    command: process.execPath,
    args: [join(HERE, 'mail-server.mjs'), ownerTag('smtp', cfg.stackDir), '--host', cfg.host, '--port', String(port), '--dir', dir],
    cwd: cfg.stackDir,
    env: process.env,
    logFile,
    pidFile,
  });
}

/** Ready = the server sends its 220 greeting. */
export function probeSmtp(cfg, timeoutMs = 3000) {
  return new Promise((res) => {
    const socket = net.connect({ host: cfg.host, port: cfg.smtp.port });
    const done = (ok) => {
      socket.destroy();
      res(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('data', (chunk) => done(chunk.toString('latin1').startsWith('220')));
    socket.once('error', () => done(false));
  });
}
