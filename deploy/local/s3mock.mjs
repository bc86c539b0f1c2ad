// Adobe S3Mock (a Spring Boot jar from Maven Central): an S3-compatible API
// for the blob store's S3 backend, with its objects kept under .stack/data/s3mock.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ownerTag, spawnDetached } from './process.mjs';

/** The jar Maven leaves in the stack's local repository (`exec` is the runnable Spring Boot jar). */
export function s3mockJar(cfg) {
  const { version } = cfg.s3mock;
  return join(cfg.dirs.m2, 'com/adobe/testing/s3mock', version, `s3mock-${version}-exec.jar`);
}

export const s3mockInstalled = (cfg) => existsSync(s3mockJar(cfg));

export function startS3Mock(cfg) {
  const { port, bucket, dataDir, heap, version } = cfg.s3mock;
  mkdirSync(dataDir, { recursive: true });
  const work = join(cfg.dirs.tmp, 's3mock');
  mkdirSync(work, { recursive: true });
  cfg.log(`s3mock: starting S3Mock ${version} on http://${cfg.host}:${port} (bucket ${bucket})`);
  return spawnDetached({
    command: 'java',
    args: [
      `-Xmx${heap}`,
      '-XX:+UseSerialGC',
      `-Djava.io.tmpdir=${work}`,
      ownerTag('s3mock', cfg.stackDir),
      '-jar',
      s3mockJar(cfg),
      // S3Mock always opens an HTTPS connector too (server.port); 0 lets the
      // OS pick a free one, so it can never collide with anything.
      '--server.port=0',
      `--server.address=${cfg.host}`,
      `--http.port=${port}`,
      `--com.adobe.testing.s3mock.store.root=${dataDir}`,
      // Objects survive restarts, like Kafka's topics; `reset` deletes them.
      '--com.adobe.testing.s3mock.store.retain-files-on-exit=true',
      `--com.adobe.testing.s3mock.store.initial-buckets=${bucket}`,
      '--spring.main.banner-mode=off',
    ],
    cwd: cfg.stackDir,
    env: process.env,
    logFile: cfg.s3mock.logFile,
    pidFile: cfg.s3mock.pidFile,
  });
}

/** Ready = the initial bucket answers a HEAD (S3Mock creates it during start-up). */
export async function probeS3Mock(cfg) {
  try {
    const res = await fetch(`${cfg.s3mock.url}/${cfg.s3mock.bucket}`, {
      method: 'HEAD',
      signal: AbortSignal.timeout(3000),
    });
    return res.status === 200;
  } catch {
    return false;
  }
}
