// Run with: npx jest -c jest.preset.js bench/lib/http-load.spec.ts
// (the bench project's own test target only prints how to run benchmarks).
import { afterEach, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ResponseParser, runLoad, serialiseRequest } from './http-load';

const bytes = (text: string) => Buffer.from(text, 'latin1');

/** Feeds the text in pieces of `size` bytes and collects every completed response. */
function parseInPieces(text: string, size: number) {
  const parser = new ResponseParser();
  const input = bytes(text);
  const responses = [];
  for (let at = 0; at < input.length; at += size) responses.push(...parser.push(input.subarray(at, at + size)));
  return { parser, responses };
}

describe('ResponseParser', () => {
  const ok = 'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nContent-Length: 11\r\n\r\n{"id":"ab"}';

  it('reads a Content-Length answer whole or split at every byte', () => {
    for (const size of [ok.length, 1, 7]) expect(parseInPieces(ok, size).responses).toEqual([{ status: 200, keepAlive: true }]);
  });

  it('reads chunked bodies with extensions and trailers, split at every byte', () => {
    const chunked = 'HTTP/1.1 429 Too Many Requests\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nabcd\r\n10\r\n0123456789abcdef\r\n0\r\nX-Trailer: y\r\n\r\n';
    for (const size of [chunked.length, 1, 5]) expect(parseInPieces(chunked, size).responses).toEqual([{ status: 429, keepAlive: true }]);
  });

  it('reads consecutive answers from one chunk, with and without bodies', () => {
    const text = `${ok}HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n${ok}`;
    expect(parseInPieces(text, text.length).responses.map((r) => r.status)).toEqual([200, 204, 200, 200]);
  });

  it('skips interim 1xx answers', () => {
    expect(parseInPieces(`HTTP/1.1 100 Continue\r\n\r\n${ok}`, 3).responses).toEqual([{ status: 200, keepAlive: true }]);
  });

  it('knows when the server closes: Connection: close, HTTP/1.0, close-delimited bodies', () => {
    expect(parseInPieces('HTTP/1.1 413 Payload Too Large\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}', 4).responses).toEqual([{ status: 413, keepAlive: false }]);
    expect(parseInPieces('HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n', 4).responses).toEqual([{ status: 200, keepAlive: false }]);
    expect(parseInPieces('HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n', 4).responses).toEqual([{ status: 200, keepAlive: true }]);
    const { parser, responses } = parseInPieces('HTTP/1.1 500 Oops\r\n\r\nno length here', 4);
    expect(responses).toEqual([]);
    expect(parser.end()).toEqual({ status: 500, keepAlive: false });
  });

  it('refuses garbage and answers cut short', () => {
    expect(() => new ResponseParser().push(bytes('SSH-2.0-OpenSSH\r\n\r\n'))).toThrow('invalid status line');
    expect(() => new ResponseParser().push(bytes('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'))).toThrow('invalid chunk size');
    const cutShort = parseInPieces(ok.slice(0, -3), 5).parser;
    expect(() => cutShort.end()).toThrow('connection closed in the middle of a response');
    expect(new ResponseParser().end()).toBeUndefined();
  });
});

describe('serialiseRequest', () => {
  it('writes the request line, Host, Content-Length in bytes, the headers and the body', () => {
    const request = serialiseRequest('127.0.0.1', 3000, { path: '/api/1/envelope/', headers: { 'X-Sentry-Auth': 'Sentry sentry_key=k' }, body: 'é' });
    expect(request.toString('utf8')).toBe('POST /api/1/envelope/ HTTP/1.1\r\nHost: 127.0.0.1:3000\r\nContent-Length: 2\r\nX-Sentry-Auth: Sentry sentry_key=k\r\n\r\né');
  });
});

describe('runLoad against node:http', () => {
  let server: http.Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('sends every request once, one at a time per connection, through chunked answers and server-side closes', async () => {
    const bodies: string[] = [];
    let inFlight = 0;
    let mostInFlightOnOneSocket = 0;
    const perSocket = new WeakMap<object, number>();
    server = http.createServer((req, res) => {
      inFlight += 1;
      const onSocket = (perSocket.get(req.socket) ?? 0) + 1;
      perSocket.set(req.socket, onSocket);
      mostInFlightOnOneSocket = Math.max(mostInFlightOnOneSocket, onSocket);
      let body = '';
      req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        bodies.push(body);
        const n = Number(body);
        perSocket.set(req.socket, onSocket - 1);
        inFlight -= 1;
        // Every 5th answer closes the connection, every 3rd is chunked (no Content-Length).
        if (n % 5 === 0) res.setHeader('Connection', 'close');
        res.statusCode = n % 7 === 0 ? 429 : 200;
        if (n % 3 === 0) {
          res.write('part one, ');
          res.end('part two');
        } else res.end(JSON.stringify({ n }));
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;

    const answered: Array<[number, number | string]> = [];
    const result = await runLoad({
      host: '127.0.0.1',
      port,
      connections: 4,
      total: 100,
      request: (n) => ({ path: '/load', headers: { 'Content-Type': 'text/plain' }, body: String(n) }),
      onResponse: (n, status) => answered.push([n, status]),
    });

    const rateLimited = Array.from({ length: 100 }, (_, n) => n).filter((n) => n % 7 === 0).length;
    expect(Object.fromEntries(result.statuses)).toEqual({ 200: 100 - rateLimited, 429: rateLimited });
    expect(bodies.map(Number).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, n) => n));
    expect(answered.every(([n, status]) => status === (n % 7 === 0 ? 429 : 200))).toBe(true);
    expect(mostInFlightOnOneSocket).toBe(1);
    expect(inFlight).toBe(0);
    expect(result.seconds).toBeGreaterThan(0);
  });

  it('counts refused connections as errors instead of waiting forever', async () => {
    server = http.createServer();
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    const result = await runLoad({ host: '127.0.0.1', port, connections: 2, total: 3, request: () => ({ path: '/', headers: {}, body: '' }) });
    expect(Object.fromEntries(result.statuses)).toEqual({ 'error ECONNREFUSED': 3 });
  });
});
