import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '../../..');

export interface TestPageOptions {
  /**
   * The page's script: TypeScript/ES module source, bundled by esbuild for
   * the browser (imports such as `@sentry/browser` resolve from the repo's
   * node_modules). It reads its settings from `window.testPage`.
   */
  script: string;
  /** What the script finds in `window.testPage` (e.g. `{ dsn }`). */
  config?: Record<string, unknown>;
  /** Markup of the page's body, before the script. */
  body?: string;
  /**
   * Path prefixes forwarded to other servers (the longest matching prefix
   * wins), so the page's own host plays the ingress: e.g. `/api/embed/` → the
   * api and `/api/` → the relay, and a DSN naming this host reaches both.
   */
  proxy?: Record<string, string>;
}

export interface TestPage {
  /** The page: `http://127.0.0.1:<port>/`. */
  readonly url: string;
  /** `http://127.0.0.1:<port>`, for DSNs through the proxy and origin checks. */
  readonly origin: string;
  close(): Promise<void>;
}

/** The page's script as one browser bundle (IIFE). */
export async function bundlePageScript(script: string): Promise<string> {
  const { build } = await import('esbuild');
  const result = await build({
    stdin: { contents: script, resolveDir: repoRoot, sourcefile: 'test-page.ts', loader: 'ts' },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    write: false,
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('esbuild produced no bundle for the test page');
  return output.text;
}

const escapeScriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

function forward(req: IncomingMessage, res: ServerResponse, target: string): void {
  const url = new URL(req.url ?? '/', target);
  const upstream = request(url, { method: req.method, headers: req.headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', (error) => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(`proxy to ${target}: ${error.message}`);
  });
  req.pipe(upstream);
}

/**
 * Serves a test page on a free loopback port: `/` is the HTML, `/page.js`
 * the bundled script, the `proxy` prefixes go to their servers, anything
 * else is 404.
 */
export async function serveTestPage(options: TestPageOptions): Promise<TestPage> {
  const bundle = await bundlePageScript(options.script);
  const html = [
    '<!doctype html><html><head><meta charset="utf-8"><title>issuestream test page</title></head><body>',
    options.body ?? '',
    `<script>window.testPage = ${escapeScriptJson(options.config ?? {})};</script>`,
    '<script src="/page.js"></script>',
    '</body></html>',
  ].join('\n');
  const prefixes = Object.entries(options.proxy ?? {}).sort(([a], [b]) => b.length - a.length);
  const server = createServer((req, res) => {
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    const route = prefixes.find(([prefix]) => pathname.startsWith(prefix));
    if (route) return forward(req, res, route[1]);
    if (req.method === 'GET' && pathname === '/') return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    if (req.method === 'GET' && pathname === '/page.js') return void res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(bundle);
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/`,
    origin,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
