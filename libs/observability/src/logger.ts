export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

type Level = 'info' | 'warn' | 'error';

let infoStream: NodeJS.WritableStream = process.stdout;

/** For command-line tools, whose stdout is their output (`--json`): every log line goes to stderr. */
export function sendLogsToStderr(): void {
  infoStream = process.stderr;
}

/** One JSON object per line on stdout/stderr: what log shippers and `jq` both read. */
export function createLogger(component: string): Logger {
  const write = (level: Level, msg: string, fields: Record<string, unknown> = {}) => {
    const line = JSON.stringify({ time: new Date().toISOString(), level, component, msg, ...fields });
    if (level === 'error') process.stderr.write(`${line}\n`);
    else infoStream.write(`${line}\n`);
  };
  return {
    info: (msg, fields) => write('info', msg, fields),
    warn: (msg, fields) => write('warn', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
  };
}
