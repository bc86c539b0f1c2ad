// Tool checks and the one-time downloads through the machine's Maven.
// Each unpacked artifact gets a `.installed` marker holding its version: a
// half-finished download has no marker and is redone, a version bump in the
// pom gets a fresh directory and old ones are pruned.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { POM, StackError } from './config.mjs';
import { run } from './process.mjs';
import { s3mockJar } from './s3mock.mjs';

const MARKER = '.installed';

export function javaMajor() {
  const r = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (r.error?.code === 'ENOENT') return null;
  const m = `${r.stderr}${r.stdout}`.match(/version "(\d+)(?:\.(\d+))?/);
  if (!m) return null;
  return m[1] === '1' ? Number(m[2]) : Number(m[1]);
}

export function requireJava(minMajor, why) {
  const major = javaMajor();
  if (major === null) {
    throw new StackError('java was not found on PATH', {
      hint: `install a Java ${minMajor}+ runtime (Debian/Ubuntu: apt-get install openjdk-${minMajor}-jre-headless), needed by ${why}`,
    });
  }
  if (major < minMajor) {
    throw new StackError(`java ${major} is too old: ${why} needs Java ${minMajor}+`, {
      hint: `install a Java ${minMajor}+ runtime and put it first on PATH`,
    });
  }
  return major;
}

function requireMaven() {
  const r = spawnSync('mvn', ['-v'], { encoding: 'utf8' });
  if (r.error?.code === 'ENOENT') {
    throw new StackError('mvn was not found on PATH', {
      hint: 'install Maven 3.8+ (Debian/Ubuntu: apt-get install maven); it is needed once to fetch Kafka and Apicurio from Maven Central',
    });
  }
}

const installed = (home, version) =>
  existsSync(join(home, MARKER)) && readFileSync(join(home, MARKER), 'utf8').trim() === version;

function markInstalled(home, version) {
  writeFileSync(join(home, MARKER), `${version}\n`);
  // Keep only the pinned version of this artifact.
  const prefix = basename(home).slice(0, -version.length);
  for (const name of readdirSync(dirname(home))) {
    if (
      name !== basename(home) &&
      name.startsWith(prefix) &&
      /^\d/.test(name.slice(prefix.length))
    ) {
      rmSync(join(dirname(home), name), { recursive: true, force: true });
    }
  }
}

/** Maven output is long; on failure show its errors plus a hint for the usual cause (no network). */
async function mvn(cfg, args, what) {
  requireMaven();
  const started = Date.now();
  const ticker = setInterval(
    () => cfg.log(`  ...still fetching ${what} (${Math.round((Date.now() - started) / 1000)}s)`),
    15000,
  );
  try {
    const { code, output } = await run(
      'mvn',
      ['-B', '-q', '-Dstyle.color=never', `-Dmaven.repo.local=${cfg.dirs.m2}`, ...args],
      {
        cwd: cfg.stackDir,
      },
    );
    if (code !== 0) {
      const errors = output
        .replace(/\x1b\[[0-9;]*m/g, '')
        .split('\n')
        .filter((l) => /^\[ERROR\] \S/.test(l))
        .slice(0, 2)
        .join('\n');
      throw new StackError(`Maven could not fetch ${what}:\n${errors || output.slice(-2000)}`, {
        hint:
          'is Maven Central reachable (proxy/mirror in ~/.m2/settings.xml)? Offline runs need a previous successful ' +
          `download in ${cfg.dirs.m2} and ${cfg.dirs.lib}`,
      });
    }
  } finally {
    clearInterval(ticker);
  }
}

export async function ensureKafka(cfg) {
  const { home, version } = cfg.kafka;
  if (installed(home, version)) return home;
  cfg.log(`kafka: fetching Apache Kafka ${version} jars from Maven Central (first run only)...`);
  const partial = `${home}.partial`;
  rmSync(partial, { recursive: true, force: true });
  await mvn(
    cfg,
    ['-f', POM, `-Dstack.kafka.lib=${partial}`, 'dependency:copy-dependencies@kafka-jars'],
    `Kafka ${version}`,
  );
  rmSync(home, { recursive: true, force: true });
  renameSync(partial, home);
  markInstalled(home, version);
  cfg.log(`kafka: ${readdirSync(home).length - 1} jars in ${home}`);
  return home;
}

export async function ensureRegistry(cfg) {
  const { home, version } = cfg.registry;
  if (installed(home, version)) return home;
  cfg.log(
    `registry: fetching Apicurio Registry ${version} distribution (~160 MB) from Maven Central (first run only)...`,
  );
  // Plugin 2.8 on purpose: 3.x refuses this artifact because its parent pom is missing from Central (see pom.xml).
  const artifact = `io.apicurio:apicurio-registry-app:${version}:tar.gz:all`;
  await mvn(
    cfg,
    [
      'org.apache.maven.plugins:maven-dependency-plugin:2.8:get',
      `-Dartifact=${artifact}`,
      '-Dtransitive=false',
    ],
    `Apicurio Registry ${version}`,
  );
  const archive = join(
    cfg.dirs.m2,
    'io/apicurio/apicurio-registry-app',
    version,
    `apicurio-registry-app-${version}-all.tar.gz`,
  );
  if (!existsSync(archive))
    throw new StackError(`Maven reported success but ${archive} is missing`);
  cfg.log(`registry: unpacking into ${home}...`);
  const partial = `${home}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  const { code, output } = await run('tar', ['-xzf', archive, '-C', partial]);
  if (code !== 0) throw new StackError(`could not unpack ${archive}:\n${output}`);
  rmSync(home, { recursive: true, force: true });
  renameSync(partial, home);
  markInstalled(home, version);
  return home;
}

/** The runnable jar stays in the stack's Maven repository (.stack/m2); Maven writes it there only once complete. */
export async function ensureS3Mock(cfg) {
  const jar = s3mockJar(cfg);
  if (existsSync(jar)) return jar;
  const { version } = cfg.s3mock;
  cfg.log(`s3mock: fetching S3Mock ${version} (~31 MB) from Maven Central (first run only)...`);
  await mvn(
    cfg,
    [
      'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:get',
      `-Dartifact=com.adobe.testing:s3mock:${version}:jar:exec`,
      '-Dtransitive=false',
    ],
    `S3Mock ${version}`,
  );
  if (!existsSync(jar)) throw new StackError(`Maven reported success but ${jar} is missing`);
  return jar;
}
