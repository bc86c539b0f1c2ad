// A cheap HTTP/1.1 load generator for the benchmarks: N keep-alive connections
// over raw sockets, one request in flight on each (SDKs do not pipeline), each
// request written as one pre-serialised Buffer and each answer read by a
// minimal parser. node:http's client costs about as much CPU per request as
// the relay itself, which on a 2-core machine is taken from the system under test.
import net from 'node:net';

export interface LoadRequest {
  readonly method?: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Buffer;
}

export interface LoadOptions {
  readonly host: string;
  readonly port: number;
  readonly connections: number;
  /** Requests to send, numbered 0 … total - 1. */
  readonly total: number;
  /** Called just before request n is sent (so it may carry the current time). */
  request(n: number): LoadRequest;
  /** Request n was answered with this status, or failed with "error <code>". */
  onResponse?(n: number, status: number | string): void;
}

export interface LoadResult {
  /** Answers by status code, failures by "error <code>". */
  readonly statuses: Map<number | string, number>;
  readonly seconds: number;
}

export interface ParsedResponse {
  readonly status: number;
  /** False when the server closes the connection after this answer. */
  readonly keepAlive: boolean;
}

type BodyState =
  | { readonly kind: 'head' }
  | { readonly kind: 'fixed'; remaining: number }
  | { readonly kind: 'chunk-size' }
  /** `remaining` counts the CRLF after the chunk's data too. */
  | { readonly kind: 'chunk-data'; remaining: number }
  | { readonly kind: 'trailers' }
  | { readonly kind: 'until-close' };

const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');

/**
 * Reads HTTP/1.x responses from a byte stream: status line, headers, then a
 * body delimited by Content-Length, chunked encoding or the end of the
 * connection. Bodies are skipped, not kept: a load generator needs the status.
 */
export class ResponseParser {
  private pending: Buffer | null = null;
  private state: BodyState = { kind: 'head' };
  private current: ParsedResponse | null = null;

  /** Feeds received bytes; returns the responses they completed. */
  push(chunk: Buffer): ParsedResponse[] {
    const buffer = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    const completed: ParsedResponse[] = [];
    let pos = 0;
    while (pos < buffer.length) {
      const next = this.step(buffer, pos, completed);
      if (next === undefined) break;
      pos = next;
    }
    this.pending = pos < buffer.length ? buffer.subarray(pos) : null;
    return completed;
  }

  /** The connection ended: completes a close-delimited body; throws if it cut a response short. */
  end(): ParsedResponse | undefined {
    if (this.state.kind === 'until-close' && this.current) {
      const response = this.current;
      this.current = null;
      this.state = { kind: 'head' };
      return response;
    }
    if (this.state.kind !== 'head' || this.pending) throw new Error('connection closed in the middle of a response');
    return undefined;
  }

  /** Consumes what it can from `pos`; the new position, or undefined when more bytes are needed. */
  private step(buffer: Buffer, pos: number, completed: ParsedResponse[]): number | undefined {
    const state = this.state;
    switch (state.kind) {
      case 'head': {
        const end = buffer.indexOf(HEAD_END, pos);
        if (end === -1) return undefined;
        this.startResponse(buffer.toString('latin1', pos, end), completed);
        return end + HEAD_END.length;
      }
      case 'fixed':
      case 'chunk-data': {
        const taken = Math.min(state.remaining, buffer.length - pos);
        state.remaining -= taken;
        if (state.remaining === 0) {
          if (state.kind === 'fixed') this.finish(completed);
          else this.state = { kind: 'chunk-size' };
        }
        return pos + taken;
      }
      case 'chunk-size': {
        const end = buffer.indexOf(CRLF, pos);
        if (end === -1) return undefined;
        // Chunk extensions (";name=value") carry nothing a status needs.
        const size = Number.parseInt(buffer.toString('latin1', pos, end).split(';')[0] ?? '', 16);
        if (!Number.isInteger(size) || size < 0) throw new Error('invalid chunk size');
        this.state = size === 0 ? { kind: 'trailers' } : { kind: 'chunk-data', remaining: size + CRLF.length };
        return end + CRLF.length;
      }
      case 'trailers': {
        const end = buffer.indexOf(CRLF, pos);
        if (end === -1) return undefined;
        // An empty line ends the trailer section (and the response).
        if (end === pos) this.finish(completed);
        return end + CRLF.length;
      }
      case 'until-close':
        return buffer.length;
    }
  }

  private startResponse(head: string, completed: ParsedResponse[]): void {
    const [statusLine = '', ...lines] = head.split('\r\n');
    const match = /^HTTP\/1\.([01]) (\d{3})/.exec(statusLine);
    if (!match) throw new Error(`invalid status line: ${statusLine.slice(0, 80)}`);
    const status = Number(match[2]);
    // Interim answers (100 Continue) come before the real one and have no body.
    if (status < 200) return;
    const headers = new Map<string, string>();
    for (const line of lines) {
      const colon = line.indexOf(':');
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim().toLowerCase());
    }
    const connection = headers.get('connection') ?? '';
    const keepAlive = match[1] === '1' ? !/\bclose\b/.test(connection) : /\bkeep-alive\b/.test(connection);
    const transferEncoding = headers.get('transfer-encoding');
    const contentLength = headers.get('content-length');
    this.current = { status, keepAlive };
    if (status === 204 || status === 304) this.finish(completed);
    else if (transferEncoding?.endsWith('chunked')) this.state = { kind: 'chunk-size' };
    else if (contentLength !== undefined) this.startFixed(Number(contentLength), completed);
    else {
      // Neither length nor chunks: the body runs to the end of the connection.
      this.current = { status, keepAlive: false };
      this.state = { kind: 'until-close' };
    }
  }

  private startFixed(length: number, completed: ParsedResponse[]): void {
    if (!Number.isSafeInteger(length) || length < 0) throw new Error('invalid Content-Length');
    if (length === 0) this.finish(completed);
    else this.state = { kind: 'fixed', remaining: length };
  }

  private finish(completed: ParsedResponse[]): void {
    if (this.current) completed.push(this.current);
    this.current = null;
    this.state = { kind: 'head' };
  }
}

/** Request line, headers (Host and Content-Length added) and body as the one Buffer written for it. */
export function serialiseRequest(host: string, port: number, request: LoadRequest): Buffer {
  const body = typeof request.body === 'string' ? Buffer.from(request.body, 'utf8') : request.body;
  let head = `${request.method ?? 'POST'} ${request.path} HTTP/1.1\r\nHost: ${host}:${port}\r\nContent-Length: ${body.length}\r\n`;
  for (const [name, value] of Object.entries(request.headers)) head += `${name}: ${value}\r\n`;
  head += '\r\n';
  const out = Buffer.allocUnsafe(head.length + body.length);
  out.write(head, 0, 'latin1');
  body.copy(out, head.length);
  return out;
}

/**
 * One keep-alive connection sending requests one after another. It reconnects
 * when the server closes the connection; a request that fails (refused,
 * reset, cut short) is counted as an error and not retried.
 */
class LoadConnection {
  private inFlight: number | undefined;
  private lastError: string | undefined;

  constructor(
    private readonly options: LoadOptions,
    private readonly take: () => number | undefined,
    private readonly record: (n: number, status: number | string) => void,
    private readonly done: () => void,
  ) {}

  connect(): void {
    const n = this.take();
    if (n === undefined) return this.done();
    const parser = new ResponseParser();
    const socket = net.connect(this.options.port, this.options.host);
    socket.setNoDelay(true);
    this.lastError = undefined;
    this.send(socket, n);
    socket.on('data', (chunk: Buffer) => this.onData(socket, parser, chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => (this.lastError = error.code ?? error.message));
    socket.on('close', () => this.onClose(parser));
  }

  private send(socket: net.Socket, n: number): void {
    this.inFlight = n;
    socket.write(serialiseRequest(this.options.host, this.options.port, this.options.request(n)));
  }

  private onData(socket: net.Socket, parser: ResponseParser, chunk: Buffer): void {
    let responses: ParsedResponse[];
    try {
      responses = parser.push(chunk);
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      socket.destroy();
      return;
    }
    for (const response of responses) {
      this.answer(response.status);
      if (!response.keepAlive) {
        socket.destroy();
        return;
      }
      const n = this.take();
      if (n === undefined) socket.end();
      else this.send(socket, n);
    }
  }

  /** Settles the in-flight request (a close-delimited answer or an error), then carries on with a new connection. */
  private onClose(parser: ResponseParser): void {
    if (this.inFlight !== undefined) {
      let response: ParsedResponse | undefined;
      try {
        response = parser.end();
      } catch (error) {
        this.lastError ??= error instanceof Error ? error.message : String(error);
      }
      if (response) this.answer(response.status);
      else this.answer(`error ${this.lastError ?? 'closed'}`);
    }
    this.connect();
  }

  private answer(status: number | string): void {
    const n = this.inFlight;
    this.inFlight = undefined;
    if (n !== undefined) this.record(n, status);
  }
}

/** Sends `total` requests over `connections` connections; resolves once every one is answered or failed. */
export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const statuses = new Map<number | string, number>();
  const record = (n: number, status: number | string) => {
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    options.onResponse?.(n, status);
  };
  let next = 0;
  const take = () => (next < options.total ? next++ : undefined);
  const started = performance.now();
  const connections = Math.max(1, Math.min(options.connections, options.total));
  return new Promise((resolve) => {
    let running = connections;
    const done = () => {
      running -= 1;
      if (running === 0) resolve({ statuses, seconds: (performance.now() - started) / 1000 });
    };
    for (let i = 0; i < connections; i += 1) new LoadConnection(options, take, record, done).connect();
  });
}
