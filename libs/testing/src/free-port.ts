import { createServer, type AddressInfo } from 'node:net';

/**
 * A loopback port that was free a moment ago: for an app a test starts on a
 * port of its own, or, left unused, for provoking a real connection refusal.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
