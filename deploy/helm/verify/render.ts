import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Runs Helm's real lint and template code over the chart without a helm
 * binary: Maven fetches helm-java (Helm's Go library, loaded through JNA)
 * and fabric8's Kubernetes API types from Maven Central into ~/.m2, and
 * HelmRender.java runs in Java's single-file source mode against that
 * classpath.
 */

export const HELM_DIR = path.resolve(__dirname, '..');
export const CHART_DIR = path.join(HELM_DIR, 'issuestream');
export const CASES_DIR = path.join(__dirname, 'cases');
const POM = path.join(__dirname, 'pom.xml');
const MAIN = path.join(__dirname, 'HelmRender.java');
const WORK_DIR = path.resolve(HELM_DIR, '../../dist/helm-verify');

export interface RenderCase {
  name: string;
  /** Values files applied in order, as `helm template -f`. */
  valuesFiles?: string[];
  /** `--set key=value` pairs. */
  set?: Record<string, string>;
  release?: string;
  namespace?: string;
  kubeVersion?: string;
  /** Also render NOTES.txt (through a client-only `helm install --dry-run`). */
  notes?: boolean;
}

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

export type CaseResult =
  /** invalid: objects that do not bind to their Kubernetes API type (unknown field, wrong scalar type). */
  | { ok: true; manifests: Manifest[]; invalid: string[]; notes?: string }
  | { ok: false; error: string };

export interface RenderJob {
  lint?: boolean;
  /** Directory to write the packaged chart (.tgz) into. */
  packageTo?: string;
  cases: RenderCase[];
}

export interface RenderResult {
  lint?: { failed: boolean; messages: string[] };
  package?: string;
  cases: Record<string, CaseResult>;
}

export class HelmVerifyError extends Error {
  override readonly name = 'HelmVerifyError';
}

function run(command: string, args: string[], what: string): string {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) {
    throw new HelmVerifyError(`${what}: cannot run ${command} (${result.error.message}); it needs a JDK 17+ and Maven on PATH`);
  }
  if (result.status !== 0) {
    const output = `${result.stdout}\n${result.stderr}`.trim();
    throw new HelmVerifyError(`${what} failed (exit ${result.status ?? result.signal}):\n${output.slice(-4000)}`);
  }
  return result.stdout;
}

/**
 * The Java classpath of the verifier, resolved by Maven once per pom.xml
 * version and kept in dist/helm-verify; resolved again when a jar has gone
 * from the local repository.
 */
export function verifierClasspath(): string {
  const digest = createHash('sha256').update(readFileSync(POM)).digest('hex').slice(0, 16);
  const file = path.join(WORK_DIR, `classpath-${digest}.txt`);
  if (existsSync(file)) {
    const cached = readFileSync(file, 'utf8').trim();
    if (cached && cached.split(path.delimiter).every((jar) => existsSync(jar))) return cached;
  }
  mkdirSync(WORK_DIR, { recursive: true });
  run(
    'mvn',
    ['-B', '-q', '-Dstyle.color=never', '-f', POM, 'dependency:build-classpath', `-Dmdep.outputFile=${file}`],
    'Maven fetching helm-java from Maven Central (first run only)',
  );
  return readFileSync(file, 'utf8').trim();
}

/** Lints, packages and renders as the job says, in one JVM. Rendering failures are results, not exceptions. */
export function runHelm(job: RenderJob): RenderResult {
  const classpath = verifierClasspath();
  mkdirSync(WORK_DIR, { recursive: true });
  const dir = mkdtempSync(path.join(tmpdir(), 'helm-verify-'));
  try {
    const jobFile = path.join(dir, 'job.json');
    const resultFile = path.join(dir, 'result.json');
    writeFileSync(
      jobFile,
      JSON.stringify({
        chart: CHART_DIR,
        lint: job.lint ?? false,
        package: job.packageTo ?? null,
        cases: job.cases,
      }),
    );
    run('java', ['-cp', classpath, MAIN, jobFile, resultFile], 'HelmRender');
    return JSON.parse(readFileSync(resultFile, 'utf8')) as RenderResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The manifests of a case that must have rendered valid Kubernetes objects; throws with what is wrong otherwise. */
export function manifestsOf(result: RenderResult, name: string): Manifest[] {
  const rendered = result.cases[name];
  if (!rendered) throw new HelmVerifyError(`no case named ${name}`);
  if (!rendered.ok) throw new HelmVerifyError(`case ${name} failed to render:\n${rendered.error}`);
  if (rendered.invalid.length > 0) throw new HelmVerifyError(`case ${name} rendered invalid objects:\n${rendered.invalid.join('\n')}`);
  return rendered.manifests;
}

/** Writes a values object to a file (JSON is YAML) for cases built in code. */
export function valuesFile(dir: string, name: string, values: unknown): string {
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(file, JSON.stringify(values, null, 2));
  return file;
}
