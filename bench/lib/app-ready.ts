import { type AppProcess, waitFor } from '@issuestream/testing';

/** Resolves once the app answers /readyz; rejects with its output if it exits first or never gets ready. */
export async function waitUntilReady(name: string, port: number, app: AppProcess): Promise<void> {
  const died = app.exited.then((code) => Promise.reject(new Error(`${name} exited (${code}) before it was ready:\n${app.output().slice(-2000)}`)));
  const answering = waitFor(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).ok, {
    timeoutMs: 120_000,
    intervalMs: 250,
    description: `${name} ready on ${port} (${app.output().slice(-1000)})`,
  });
  await Promise.race([answering, died]);
}
