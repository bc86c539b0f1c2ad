import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CASES_DIR, manifestsOf, runHelm, valuesFile, type Manifest, type RenderCase, type RenderResult } from '../verify/render';

// Everything below is asserted on what Helm's own template engine rendered
// (helm-java, see verify/render.ts): one JVM renders every case in beforeAll.

const REPO = path.resolve(__dirname, '../../..');
const RELEASE = 'demo';
const DEFAULT_APPS = ['api', 'ingest-attachments', 'ingest-events', 'ingest-feedback-events', 'ingest-occurrences', 'ingest-outcomes', 'post-process', 'relay'];

interface BuildTarget {
  targets: { build: { outputs: string[]; options: { commands: string[] } } };
}
interface Probe {
  httpGet: { path: string; port: string };
  periodSeconds?: number;
}
interface Container {
  name: string;
  image: string;
  imagePullPolicy: string;
  command: string[];
  ports: { name: string; containerPort: number }[];
  envFrom: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  startupProbe: Probe;
  livenessProbe: Probe;
  readinessProbe: Probe;
  lifecycle?: { preStop?: { exec?: { command: string[] } } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { readOnlyRootFilesystem?: boolean };
  volumeMounts: { name: string; mountPath: string }[];
}
interface PodSpec {
  containers: Container[];
  volumes: { name: string; emptyDir?: { sizeLimit?: string } }[];
  terminationGracePeriodSeconds: number;
  nodeSelector?: Record<string, string>;
  tolerations?: unknown[];
  affinity?: unknown;
  topologySpreadConstraints?: unknown[];
  imagePullSecrets?: { name: string }[];
}
interface Deployment extends Manifest {
  spec: {
    replicas?: number;
    strategy: { type: string };
    selector: { matchLabels: Record<string, string> };
    template: { metadata: { labels: Record<string, string>; annotations: Record<string, string> }; spec: PodSpec };
  };
}

const component = (m: Manifest) => m.metadata.labels?.['app.kubernetes.io/component'];
const ofKind = <T extends Manifest = Manifest>(ms: Manifest[], kind: string) => ms.filter((m) => m.kind === kind) as T[];
const named = <T extends Manifest = Manifest>(ms: Manifest[], kind: string, app: string): T => {
  const found = ofKind<T>(ms, kind).find((m) => component(m) === app);
  if (!found) throw new Error(`no ${kind} for ${app}`);
  return found;
};
const container = (d: Deployment) => d.spec.template.spec.containers[0]!;
const configData = (ms: Manifest[], app: string) => named<Manifest & { data: Record<string, string> }>(ms, 'ConfigMap', app).data;
const decode = (data: Record<string, string>) =>
  Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));

/** The variables an app reads, from its zod env schema and the shared Kafka / storage schemas it spreads in. */
function envNamesOf(app: string): Set<string> {
  const keys = (file: string) => [...readFileSync(path.join(REPO, file), 'utf8').matchAll(/^\s+([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]!);
  const config = readFileSync(path.join(REPO, 'apps', app, 'src', 'config.ts'), 'utf8');
  const names = new Set(keys(`apps/${app}/src/config.ts`));
  // An app made of several parts may merge one env shape per part (post-process: src/errors/errors.config.ts, …).
  const partConfigs = readdirSync(path.join(REPO, 'apps', app, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.config.ts'));
  partConfigs.forEach((file) => keys(`apps/${app}/src/${file}`).forEach((k) => names.add(k)));
  if (config.includes('kafkaEnvSchema')) keys('libs/kafka/src/config.ts').forEach((k) => names.add(k));
  if (config.includes('storageEnvSchema')) keys('libs/storage/src/config/storage-config.ts').forEach((k) => names.add(k));
  if (config.includes('blobStoreEnvSchema')) keys('libs/blob-store/src/config/blob-store-config.ts').forEach((k) => names.add(k));
  // Every app installs tracing, which reads the OTEL_* variables.
  keys('libs/observability/src/otel-env.ts').forEach((k) => names.add(k));
  return names;
}

// Renders (lifecycle is free-form in values.schema.json) but Kubernetes would refuse it.
const FREE_FORM_TYPO = 'typo in a free-form field';

let scratch: string;
let result: RenderResult;
const cases: RenderCase[] = [];
const addCase = (c: RenderCase) => (cases.push({ release: RELEASE, ...c }), c.name);
const withValues = (name: string, values: unknown) => addCase({ name, valuesFiles: [valuesFile(scratch, name, values)] });
const caseFile = (name: string) => addCase({ name, valuesFiles: [path.join(CASES_DIR, `${name}.yaml`)] });

// Bad values: each must fail at render (as `helm install` would) with an error naming the problem.
const badValues: [string, unknown, RegExp][] = [
  ['replicas as text', { apps: { relay: { replicas: 'two' } } }, /\/apps\/relay\/replicas.*got string, want integer/],
  ['misspelt app key', { apps: { relay: { replcas: 3 } } }, /invalid propertyName 'replcas'/],
  ['misspelt top-level key', { kafak: { brokers: 'x:1' } }, /kafak/],
  ['broker without port', { kafka: { brokers: 'kafka' } }, /\/kafka\/brokers/],
  ['non-Postgres database URL', { storage: { databaseUrl: 'mysql://db:3306/x' } }, /\/storage\/databaseUrl.*does not match pattern/],
  ['batch below the app minimum', { apps: { 'ingest-occurrences': { consumer: { groupId: 'g', batchMaxBytes: 10 } } } }, /batchMaxBytes.*minimum/],
  ['grace period shorter than the apps take', { defaults: { terminationGracePeriodSeconds: 10 } }, /terminationGracePeriodSeconds.*minimum: got 10, want 30/],
  ['unknown pull policy', { image: { pullPolicy: 'Sometimes' } }, /\/image\/pullPolicy/],
  ['TypeScript entry (the image has no TypeScript loader)', { apps: { relay: { entry: 'apps/relay/src/main.ts' } } }, /\/apps\/relay\/entry.*does not match pattern/],
  ['new app without entry and port', { apps: { 'ingest-replays': { enabled: true } } }, /\/apps\/ingest-replays.*missing properties/],
  [
    'embedded ClickHouse with two replicas',
    { storage: { clickhouseUrl: '', embeddedClickhouse: { enabled: true } }, apps: { 'ingest-occurrences': { replicas: 2 } } },
    /embedded ClickHouse keeps its data inside one pod/,
  ],
  ['no ClickHouse at all', { storage: { clickhouseUrl: '' } }, /apps\.ingest-attachments needs ClickHouse/],
  [
    'HPA minimum above maximum',
    { apps: { relay: { autoscaling: { enabled: true, minReplicas: 5, maxReplicas: 2, targetCPUUtilizationPercentage: 70 } } } },
    /minReplicas \(5\) is above maxReplicas \(2\)/,
  ],
];

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'helm-values-'));
  addCase({ name: 'default', notes: true });
  addCase({ name: 'more consumers than partitions', notes: true, set: { 'apps.ingest-occurrences.replicas': '6' } });
  caseFile('production');
  caseFile('relay-only');
  caseFile('embedded-clickhouse');
  addCase({ name: 'no schema registration', set: { 'schemaRegistration.enabled': 'false' } });
  withValues('relay env changed', { apps: { relay: { env: { RELAY_RATE_LIMIT_COUNT: 5 } } } });
  withValues('secret changed', { storage: { redisUrl: 'redis://other-redis:6379/1' } });
  for (const [name, values] of badValues) withValues(name, values);
  withValues(FREE_FORM_TYPO, { apps: { relay: { lifecycle: { preStp: { exec: { command: ['sleep', '5'] } } } } } });
  result = runHelm({ lint: true, cases });
}, 600_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('Kubernetes API types', () => {
  it('every object of every value set that renders binds to its API type (no unknown field, no mistyped scalar)', () => {
    const good = cases.map((c) => c.name).filter((name) => result.cases[name]?.ok && name !== FREE_FORM_TYPO);
    expect(good.length).toBeGreaterThanOrEqual(6);
    const invalid = good.flatMap((name) => {
      const rendered = result.cases[name]!;
      return rendered.ok ? rendered.invalid.map((problem) => `${name}: ${problem}`) : [];
    });
    expect(invalid).toEqual([]);
  });

  it('catches what the values schema lets through into free-form Kubernetes fields', () => {
    const rendered = result.cases[FREE_FORM_TYPO];
    expect(rendered?.ok && rendered.invalid).toEqual(
      expect.arrayContaining([expect.stringMatching(/Deployment demo-issuestream-relay: spec\.template\.spec\.containers\[0\]\.lifecycle\.preStp: Unrecognized field "preStp"/)]),
    );
  });
});

describe('helm lint --strict', () => {
  it('passes with the default values (which also checks them against values.schema.json)', () => {
    expect(result.lint).toEqual(expect.objectContaining({ failed: false }));
  });
});

describe('default values', () => {
  let ms: Manifest[];
  beforeAll(() => (ms = manifestsOf(result, 'default')));

  it('renders one Deployment, ConfigMap, Service and PodDisruptionBudget per enabled app and leaves the sample consumer out', () => {
    for (const kind of ['Deployment', 'ConfigMap', 'Service', 'PodDisruptionBudget']) {
      expect(ofKind(ms, kind).map(component).sort()).toEqual(DEFAULT_APPS);
    }
    expect(ms.filter((m) => component(m) === 'sample-consumer')).toEqual([]);
    expect(ofKind(ms, 'HorizontalPodAutoscaler')).toEqual([]);
    expect(ofKind(ms, 'Deployment').map((d) => d.metadata.name).sort()).toEqual(DEFAULT_APPS.map((a) => `${RELEASE}-issuestream-${a}`));
  });

  it.each(DEFAULT_APPS)('%s runs its own entry from the one image', (app) => {
    const c = container(named<Deployment>(ms, 'Deployment', app));
    expect(c.command).toEqual(['node', `dist/apps/${app}/main.js`]);
    expect(c.image).toBe('issuestream:0.1.0');
  });

  it.each(DEFAULT_APPS)('%s probes /livez (startup, liveness) and /readyz (readiness) on the port its config sets', (app) => {
    const d = named<Deployment>(ms, 'Deployment', app);
    const c = container(d);
    expect(c.startupProbe.httpGet).toEqual({ path: '/livez', port: 'http' });
    expect(c.livenessProbe.httpGet).toEqual({ path: '/livez', port: 'http' });
    expect(c.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    const portEnv = app === 'relay' ? 'RELAY_PORT' : 'HTTP_PORT';
    const port = Number(configData(ms, app)[portEnv]);
    expect(c.ports).toEqual([expect.objectContaining({ name: 'http', containerPort: port })]);
    expect(d.spec.template.metadata.annotations).toEqual(
      expect.objectContaining({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(port), 'prometheus.io/path': '/metrics' }),
    );
  });

  it.each(DEFAULT_APPS)('%s gets longer to stop than its own 25 s shutdown deadline plus any preStop pause', (app) => {
    const d = named<Deployment>(ms, 'Deployment', app);
    const preStop = container(d).lifecycle?.preStop?.exec?.command;
    const pause = preStop?.[0] === 'sleep' ? Number(preStop[1]) : 0;
    expect(d.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(25 + pause);
  });

  it.each(DEFAULT_APPS)('%s reads its environment from its ConfigMap and the chart Secret, and rolls when either changes', (app) => {
    const d = named<Deployment>(ms, 'Deployment', app);
    expect(container(d).envFrom).toEqual([
      { configMapRef: { name: `${RELEASE}-issuestream-${app}` } },
      { secretRef: { name: `${RELEASE}-issuestream` } },
    ]);
    expect(d.spec.template.metadata.annotations['checksum/config']).toMatch(/^[0-9a-f]{64}$/);
    expect(d.spec.template.metadata.annotations['checksum/secret']).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each(DEFAULT_APPS)('%s ConfigMap holds only variables the app reads, every one a plain string', (app) => {
    const data = configData(ms, app);
    const known = envNamesOf(app);
    expect(Object.keys(data).filter((k) => !known.has(k))).toEqual([]);
    for (const value of Object.values(data)) expect(typeof value).toBe('string');
    expect(Object.values(data).filter((v) => /e\+\d+$/.test(v))).toEqual([]);
  });

  it('sets each consumer group, input topic and batch limits, with large numbers written out whole', () => {
    expect(configData(ms, 'ingest-occurrences')).toEqual(
      expect.objectContaining({
        KAFKA_GROUP_ID: 'ingest-occurrences',
        OCCURRENCES_TOPIC: 'ingest-occurrences',
        KAFKA_BATCH_MAX_MESSAGES: '1000',
        KAFKA_BATCH_MAX_BYTES: '4194304',
        KAFKA_BATCH_MAX_WAIT_MS: '50',
        KAFKA_BATCH_MIN_BYTES: '262144',
        KAFKA_CLIENT_ID: 'issuestream-ingest-occurrences',
        KAFKA_BROKERS: 'kafka:9092',
        CLICKHOUSE_DATABASE: 'issuestream',
      }),
    );
    expect(configData(ms, 'ingest-feedback-events')).toEqual(
      expect.objectContaining({ KAFKA_GROUP_ID: 'ingest-feedback-events', FEEDBACK_TOPIC: 'ingest-feedback-events', HTTP_PORT: '3300' }),
    );
    expect(configData(ms, 'relay')).toEqual(expect.objectContaining({ RELAY_PORT: '3000', RELAY_MAX_ENVELOPE_SIZE: '209715200' }));
    expect(configData(ms, 'ingest-outcomes')).toEqual(expect.objectContaining({ KAFKA_GROUP_ID: 'ingest-outcomes', OUTCOMES_TOPIC: 'outcomes', HTTP_PORT: '3800' }));
    // stats_v2 reads the counts from ingest-outcomes through its Service.
    expect(configData(ms, 'api').OUTCOMES_STATS_URL).toBe(`http://${RELEASE}-issuestream-ingest-outcomes:80`);
    // The issues API reads search_issues through ingest-occurrences' Service.
    expect(configData(ms, 'api').ISSUE_STREAM_URL).toBe(`http://${RELEASE}-issuestream-ingest-occurrences:80`);
  });

  it('keeps the connection strings in a Secret, not in the ConfigMaps', () => {
    const secret = ofKind<Manifest & { data: Record<string, string> }>(ms, 'Secret');
    expect(secret).toHaveLength(1);
    expect(decode(secret[0]!.data)).toEqual({
      DATABASE_URL: 'postgres://issuestream@postgres:5432/issuestream',
      REDIS_URL: 'redis://redis:6379/0',
      CLICKHOUSE_URL: 'http://clickhouse:8123',
    });
    for (const app of DEFAULT_APPS) expect(Object.keys(configData(ms, app))).not.toContain('DATABASE_URL');
  });

  it('selects exactly one app’s pods with each PodDisruptionBudget and Service', () => {
    for (const app of DEFAULT_APPS) {
      const podLabels = named<Deployment>(ms, 'Deployment', app).spec.template.metadata.labels;
      const pdb = named<Manifest & { spec: { selector: { matchLabels: Record<string, string> }; maxUnavailable: number } }>(ms, 'PodDisruptionBudget', app);
      const service = named<Manifest & { spec: { selector: Record<string, string>; ports: { name: string; targetPort: string }[] } }>(ms, 'Service', app);
      expect(podLabels).toEqual(expect.objectContaining(pdb.spec.selector.matchLabels));
      expect(pdb.spec.selector.matchLabels['app.kubernetes.io/component']).toBe(app);
      expect(pdb.spec.maxUnavailable).toBe(1);
      expect(service.spec.selector).toEqual(pdb.spec.selector.matchLabels);
      expect(service.spec.ports).toEqual([expect.objectContaining({ name: 'http', targetPort: 'http' })]);
    }
  });

  it('runs read-only and unprivileged with a writable /tmp', () => {
    for (const d of ofKind<Deployment>(ms, 'Deployment')) {
      const c = container(d);
      expect(c.securityContext?.readOnlyRootFilesystem).toBe(true);
      expect(c.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
      expect(d.spec.template.spec.volumes).toContainEqual({ name: 'tmp', emptyDir: {} });
    }
  });
});

describe('production overrides (verify/cases/production.yaml)', () => {
  let ms: Manifest[];
  beforeAll(() => (ms = manifestsOf(result, 'production')));

  it('uses the existing Secret and extra envFrom sources instead of creating a Secret', () => {
    expect(ofKind(ms, 'Secret')).toEqual([]);
    for (const d of ofKind<Deployment>(ms, 'Deployment')) {
      expect(container(d).envFrom.slice(1)).toEqual([{ secretRef: { name: 'issuestream-connections' } }, { secretRef: { name: 'issuestream-extra' } }]);
      expect(d.spec.template.metadata.annotations['checksum/secret-name']).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('autoscales the relay (no fixed replica count) and keeps half of it through disruptions', () => {
    const hpa = ofKind<Manifest & { spec: { minReplicas: number; maxReplicas: number; scaleTargetRef: { name: string } } }>(ms, 'HorizontalPodAutoscaler');
    expect(hpa.map((h) => [component(h), h.spec.minReplicas, h.spec.maxReplicas])).toEqual([['relay', 3, 20]]);
    expect(hpa[0]!.spec.scaleTargetRef.name).toBe(named(ms, 'Deployment', 'relay').metadata.name);
    expect(named<Deployment>(ms, 'Deployment', 'relay').spec.replicas).toBeUndefined();
    expect(named<Manifest & { spec: Record<string, unknown> }>(ms, 'PodDisruptionBudget', 'relay').spec).toEqual(
      expect.objectContaining({ minAvailable: '50%' }),
    );
    expect(named<Manifest & { spec: { type: string; ports: { port: number }[] } }>(ms, 'Service', 'relay').spec).toEqual(
      expect.objectContaining({ type: 'LoadBalancer', ports: [expect.objectContaining({ port: 443 })] }),
    );
  });

  it('applies per-app replicas, consumer tuning and env over the shared settings', () => {
    expect(named<Deployment>(ms, 'Deployment', 'ingest-occurrences').spec.replicas).toBe(6);
    expect(named<Deployment>(ms, 'Deployment', 'ingest-feedback-events').spec.replicas).toBe(3);
    expect(configData(ms, 'ingest-occurrences')).toEqual(
      expect.objectContaining({
        KAFKA_BROKERS: 'kafka-0.kafka:9092,kafka-1.kafka:9092,kafka-2.kafka:9092',
        KAFKA_GROUP_ID: 'prod-ingest-occurrences',
        KAFKA_BATCH_MAX_MESSAGES: '2000',
        KAFKA_KEY_CONCURRENCY: '16',
        KAFKA_SESSION_TIMEOUT_MS: '45000',
        KAFKA_TOPIC_PARTITIONS: '12',
        TENANT_CACHE_TTL_MS: '30000',
        CLICKHOUSE_DATABASE: 'issuestream_prod',
        SCHEMA_REGISTRY_URL: 'http://karapace.kafka:8081',
      }),
    );
    expect(configData(ms, 'ingest-feedback-events')).toEqual(
      expect.objectContaining({ KAFKA_BATCH_MAX_BYTES: '8388608', KAFKA_BATCH_MAX_WAIT_MS: '250', KAFKA_BATCH_MIN_BYTES: '262144', KAFKA_PARTITION_CONCURRENCY: '6' }),
    );
  });

  it('places every pod by the shared scheduling settings and the relay by its own affinity', () => {
    for (const d of ofKind<Deployment>(ms, 'Deployment')) {
      const pod = d.spec.template.spec;
      expect(pod.nodeSelector).toEqual({ workload: 'ingest' });
      expect(pod.tolerations).toHaveLength(1);
      expect(pod.topologySpreadConstraints).toHaveLength(1);
      expect(pod.terminationGracePeriodSeconds).toBe(60);
      expect(pod.imagePullSecrets).toEqual([{ name: 'registry-credentials' }]);
      expect(container(d)).toEqual(
        expect.objectContaining({ image: 'registry.example.com/issuestream:2024.06.1', imagePullPolicy: 'Always' }),
      );
      expect(pod.affinity === undefined).toBe(component(d) !== 'relay');
    }
    expect(container(named<Deployment>(ms, 'Deployment', 'ingest-occurrences')).resources).toEqual({
      requests: { cpu: '1', memory: '1Gi' },
      limits: { memory: '4Gi' },
    });
  });

  it('adds a ServiceMonitor per app for prometheus-operator', () => {
    expect(ofKind(ms, 'ServiceMonitor').map(component).sort()).toEqual(DEFAULT_APPS);
  });
});

describe('other value sets', () => {
  it('deploys only the relay when the consumers are disabled (verify/cases/relay-only.yaml)', () => {
    const ms = manifestsOf(result, 'relay-only');
    expect([...new Set(ofKind(ms, 'Deployment').concat(ofKind(ms, 'Service'), ofKind(ms, 'ConfigMap')).map(component))]).toEqual(['relay']);
  });

  it('mounts embedded chDB only into the apps that open ClickHouse, one pod at a time (verify/cases/embedded-clickhouse.yaml)', () => {
    const ms = manifestsOf(result, 'embedded-clickhouse');
    expect(ofKind(ms, 'Deployment').map(component).sort()).toEqual([...DEFAULT_APPS, 'sample-consumer'].sort());
    const secret = ofKind<Manifest & { data: Record<string, string> }>(ms, 'Secret')[0]!;
    expect(Object.keys(secret.data)).not.toContain('CLICKHOUSE_URL');
    for (const d of ofKind<Deployment>(ms, 'Deployment')) {
      const app = component(d)!;
      const mounted = container(d).volumeMounts.some((m) => m.name === 'clickhouse');
      const opensClickhouse = ['ingest-occurrences', 'ingest-events', 'ingest-attachments', 'ingest-outcomes', 'post-process'].includes(app);
      expect([app, mounted]).toEqual([app, opensClickhouse]);
      expect([app, 'CLICKHOUSE_PATH' in configData(ms, app)]).toEqual([app, opensClickhouse]);
    }
    const occurrences = named<Deployment>(ms, 'Deployment', 'ingest-occurrences');
    expect(occurrences.spec.strategy).toEqual({ type: 'Recreate' });
    expect(configData(ms, 'ingest-occurrences').CLICKHOUSE_PATH).toBe('/var/lib/issuestream/clickhouse');
    expect(configData(ms, 'sample-consumer')).toEqual(expect.objectContaining({ SAMPLE_TOPIC: 'sample-records', KAFKA_GROUP_ID: 'sample-consumer' }));
  });

  it('rolls only the app whose config changed, and every app when the Secret changes', () => {
    const checksums = (name: string, key: string) =>
      Object.fromEntries(ofKind<Deployment>(manifestsOf(result, name), 'Deployment').map((d) => [component(d), d.spec.template.metadata.annotations[key]]));
    const base = checksums('default', 'checksum/config');
    const relayChanged = checksums('relay env changed', 'checksum/config');
    expect(DEFAULT_APPS.filter((app) => base[app] !== relayChanged[app])).toEqual(['relay']);
    const baseSecret = checksums('default', 'checksum/secret');
    const secretChanged = checksums('secret changed', 'checksum/secret');
    expect(DEFAULT_APPS.filter((app) => baseSecret[app] !== secretChanged[app])).toEqual(DEFAULT_APPS);
  });
});

describe('schema registration hook', () => {
  type Job = Manifest & {
    spec: { template: { spec: PodSpec & { restartPolicy: string; serviceAccountName?: string; containers: (Container & { env: { name: string; value: string }[] })[] } } };
  };

  it('registers the Avro schemas before every install and upgrade, before the apps roll', () => {
    const jobs = ofKind<Job>(manifestsOf(result, 'default'), 'Job');
    expect(jobs).toHaveLength(1);
    const job = jobs[0]!;
    expect(job.metadata.annotations).toEqual(
      expect.objectContaining({ 'helm.sh/hook': 'pre-install,pre-upgrade', 'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded' }),
    );
    const pod = job.spec.template.spec;
    expect(pod.restartPolicy).toBe('Never');
    // Hooks run before the release's ServiceAccount exists.
    expect(pod.serviceAccountName).toBeUndefined();
    expect(pod.containers[0]!.command).toEqual(['node', 'dist/tools/register-schemas/main.js']);
    expect(pod.containers[0]!.env).toEqual([{ name: 'SCHEMA_REGISTRY_URL', value: 'http://schema-registry:8081/apis/ccompat/v7' }]);
  });

  it('runs entries the image builds: each Nx build target writes its dist directory and the Dockerfile builds and copies them', () => {
    const built = (project: string) => (JSON.parse(readFileSync(path.join(REPO, project, 'project.json'), 'utf8')) as BuildTarget).targets.build;
    expect(built('tools/build').options.commands.join('\n')).toContain('tools/schemas/register.ts dist/tools/register-schemas');
    const dockerfile = readFileSync(path.join(REPO, 'deploy/helm/Dockerfile'), 'utf8');
    const imageBuild = /nx run-many -t build -p (\S+)/.exec(dockerfile)?.[1]?.split(',') ?? [];
    for (const app of [...DEFAULT_APPS, 'sample-consumer']) {
      expect(built(`apps/${app}`).outputs).toEqual(['{workspaceRoot}/dist/{projectRoot}']);
      expect(built(`apps/${app}`).options.commands.join('\n')).toContain('{projectRoot}/src/main.ts dist/{projectRoot}');
      expect(imageBuild).toContain(app);
    }
    expect(imageBuild).toContain('prod-build');
    expect(dockerfile).toMatch(/COPY --from=build \S+\/dist\/apps \.\/dist\/apps/);
    expect(dockerfile).toMatch(/COPY --from=build \S+\/dist\/tools \.\/dist\/tools/);
  });

  it('is left out when schemaRegistration.enabled is false', () => {
    expect(ofKind(manifestsOf(result, 'no schema registration'), 'Job')).toEqual([]);
  });
});

describe('update_user_reports CronJob', () => {
  type CronJob = Manifest & {
    spec: { schedule: string; concurrencyPolicy: string; jobTemplate: { spec: { template: { spec: PodSpec & { restartPolicy: string } } } } };
  };

  it('runs post-process\'s entry with the update-user-reports command every 15 minutes, with post-process\'s config and the Secret', () => {
    const [cron, ...more] = ofKind<CronJob>(manifestsOf(result, 'default'), 'CronJob');
    expect(more).toEqual([]);
    expect(cron?.spec).toMatchObject({ schedule: '*/15 * * * *', concurrencyPolicy: 'Forbid' });
    const pod = cron!.spec.jobTemplate.spec.template.spec;
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.containers[0]!.command).toEqual(['node', 'dist/apps/post-process/main.js', 'update-user-reports']);
    expect(pod.containers[0]!.envFrom).toEqual([
      { configMapRef: { name: `${RELEASE}-issuestream-post-process` } },
      { secretRef: { name: `${RELEASE}-issuestream` } },
    ]);
  });

  it('is left out with post-process (verify/cases/relay-only.yaml)', () => {
    expect(ofKind(manifestsOf(result, 'relay-only'), 'CronJob')).toEqual([]);
  });
});

describe('NOTES.txt', () => {
  const notesOf = (name: string) => {
    const rendered = result.cases[name];
    return rendered?.ok ? (rendered.notes ?? '') : '';
  };

  it('lists the apps and the relay’s in-cluster envelope URL, without warnings for the defaults', () => {
    const notes = notesOf('default');
    for (const app of DEFAULT_APPS) expect(notes).toContain(`${app}: Service ${RELEASE}-issuestream-${app}:80`);
    expect(notes).toContain(`http://${RELEASE}-issuestream-relay.issuestream.svc/api/<project id>/envelope/`);
    expect(notes).not.toContain('WARNING');
  });

  it('warns when a consumer has more replicas than its topic has partitions (the extra members idle)', () => {
    expect(notesOf('more consumers than partitions')).toMatch(/WARNING: ingest-occurrences may run 6 replicas, more than kafka.topicPartitions \(4\)/);
  });
});

describe('bad values fail at render with an error naming the problem', () => {
  it.each(badValues)('%s', (name, _values, message) => {
    const rendered = result.cases[name]!;
    expect(rendered.ok).toBe(false);
    expect(rendered.ok ? '' : rendered.error).toMatch(message);
  });
});
