import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CASES_DIR, manifestsOf, runHelm, valuesFile, type Manifest, type RenderCase, type RenderResult } from '../verify/render';

// Tracing variables, the PrometheusRule and the Grafana dashboard, as Helm
// renders them (verify/render.ts), checked against the metrics the code defines.

const REPO = path.resolve(__dirname, '../../..');
const NAMESPACE = 'ingest';
const APPS = ['ingest-feedback-events', 'ingest-occurrences', 'relay'];

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}
type PrometheusRule = Manifest & { spec: { groups: { name: string; rules: Rule[] }[] } };
type ConfigMap = Manifest & { data: Record<string, string> };
interface Dashboard {
  uid: string;
  panels: { title: string; datasource?: unknown; targets: { expr: string }[] }[];
}

/** Every metric name the apps and libraries register (prom-client `name:` fields and the relay's counter helper). */
function definedMetrics(): Set<string> {
  const files = ['libs/kafka/src/metrics.ts', 'apps/relay/src/metrics.ts', 'apps/ingest-feedback-events/src/metrics.ts'];
  const names = files.flatMap((file) => [...readFileSync(path.join(REPO, file), 'utf8').matchAll(/['"](issuestream_[a-z0-9_]+)['"]/g)].map((m) => m[1]!));
  return new Set(names);
}

/** The issuestream series a PromQL expression reads, histogram suffixes stripped. */
const seriesIn = (expr: string) => [...expr.matchAll(/\b(issuestream_[a-z0-9_]+)/g)].map((m) => m[1]!.replace(/_(bucket|sum|count)$/, ''));

function balanced(expr: string): boolean {
  const pairs: Record<string, string> = { ')': '(', '}': '{', ']': '[' };
  const stack: string[] = [];
  for (const char of expr.replace(/"[^"]*"/g, '""')) {
    if ('({['.includes(char)) stack.push(char);
    else if (char in pairs && stack.pop() !== pairs[char]) return false;
  }
  return stack.length === 0;
}

const ofKind = <T extends Manifest>(ms: Manifest[], kind: string) => ms.filter((m) => m.kind === kind) as T[];
const appConfig = (ms: Manifest[], app: string) => ofKind<ConfigMap>(ms, 'ConfigMap').find((m) => m.metadata.labels?.['app.kubernetes.io/component'] === app)!.data;

let scratch: string;
let result: RenderResult;
const badValues: [string, unknown, RegExp][] = [
  ['endpoint without scheme', { tracing: { otlpEndpoint: 'otel-collector:4318' } }, /\/tracing\/otlpEndpoint.*does not match pattern/],
  ['sampler ratio above 1', { tracing: { samplerArg: '1.5' } }, /\/tracing\/samplerArg/],
  ['unknown sampler', { tracing: { sampler: 'sometimes' } }, /\/tracing\/sampler/],
  ['lag duration in words', { metrics: { prometheusRule: { lagFor: '15 minutes' } } }, /\/metrics\/prometheusRule\/lagFor/],
];

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'helm-observability-'));
  const cases: RenderCase[] = [
    { name: 'default', namespace: NAMESPACE },
    { name: 'observability', namespace: NAMESPACE, valuesFiles: [path.join(CASES_DIR, 'observability.yaml')] },
    ...badValues.map(([name, values]) => ({ name, valuesFiles: [valuesFile(scratch, name, values)] })),
  ];
  result = runHelm({ cases: cases.map((c) => ({ release: 'demo', ...c })) });
}, 600_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('tracing values', () => {
  it('names each app’s service by default and exports nothing without an endpoint', () => {
    const ms = manifestsOf(result, 'default');
    for (const app of APPS) {
      const env = appConfig(ms, app);
      expect(env['OTEL_SERVICE_NAME']).toBe(app);
      expect(Object.keys(env).filter((k) => k.startsWith('OTEL_'))).toEqual(['OTEL_SERVICE_NAME']);
    }
  });

  it('points every app at the collector with the sampler and resource attributes, an app’s own env winning', () => {
    const ms = manifestsOf(result, 'observability');
    for (const app of APPS) {
      expect(appConfig(ms, app)).toEqual(
        expect.objectContaining({
          OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector.observability:4318',
          OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
          OTEL_TRACES_SAMPLER_ARG: '0.25',
          OTEL_RESOURCE_ATTRIBUTES: `service.namespace=${NAMESPACE},deployment.environment.name=production`,
        }),
      );
    }
    expect(appConfig(ms, 'relay')['OTEL_SERVICE_NAME']).toBe('prod-relay');
    expect(appConfig(ms, 'ingest-occurrences')['OTEL_SERVICE_NAME']).toBe('occurrences');
  });
});

describe('PrometheusRule', () => {
  const rules = () => {
    const [rule, ...more] = ofKind<PrometheusRule>(manifestsOf(result, 'observability'), 'PrometheusRule');
    expect(more).toEqual([]);
    return { rule: rule!, byName: new Map(rule!.spec.groups.flatMap((g) => g.rules).map((r) => [r.alert, r])) };
  };

  it('is rendered only when enabled, with the labels the Prometheus selects rules by', () => {
    expect(ofKind(manifestsOf(result, 'default'), 'PrometheusRule')).toEqual([]);
    const { rule, byName } = rules();
    expect(rule.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(rule.metadata.labels).toEqual(expect.objectContaining({ release: 'prometheus', 'app.kubernetes.io/instance': 'demo' }));
    expect([...byName.keys()].sort()).toEqual([
      'IssuestreamConsumerLagGrowing',
      'IssuestreamConsumerNotCommitting',
      'IssuestreamDeadLettersProduced',
      'IssuestreamPodsRestarting',
    ]);
  });

  it('reads only metrics the code defines, in the release’s namespace, with well-formed expressions', () => {
    const defined = definedMetrics();
    for (const rule of rules().byName.values()) {
      expect([rule.alert, balanced(rule.expr)]).toEqual([rule.alert, true]);
      expect(seriesIn(rule.expr).filter((name) => !defined.has(name))).toEqual([]);
      expect(rule.expr).toContain(`namespace="${NAMESPACE}"`);
      expect(rule.labels).toEqual(expect.objectContaining({ team: 'ingest' }));
      expect(rule.annotations['summary']).toBeTruthy();
    }
  });

  it('alerts on growing lag, any dead letter, restarts, and lag without commits, at the configured thresholds', () => {
    const { byName } = rules();
    const lag = byName.get('IssuestreamConsumerLagGrowing')!;
    expect(lag.expr).toMatch(/sum by \(namespace, topic\) \(issuestream_consumer_lag_messages\{namespace="ingest"\}\) > 50000\s+and\s+sum by \(namespace, topic\) \(deriv\(/);
    expect(lag.for).toBe('15m');
    expect(byName.get('IssuestreamDeadLettersProduced')!.expr).toMatch(/increase\(issuestream_consumer_dead_lettered_total\{namespace="ingest"\}\[10m\]\)\) > 0$/);
    expect(byName.get('IssuestreamPodsRestarting')!.expr).toBe('increase(kube_pod_container_status_restarts_total{namespace="ingest", pod=~"demo-issuestream-.*"}[30m]) > 2');
    const stalled = byName.get('IssuestreamConsumerNotCommitting')!;
    expect(stalled.expr).toMatch(/issuestream_consumer_last_commit_timestamp_seconds\{namespace="ingest"\}\)\) > 900\s+and on \(namespace, instance\)/);
    expect(stalled.labels['severity']).toBe('critical');
    // Prometheus's own templates reach the rule unexpanded by Helm.
    expect(byName.get('IssuestreamDeadLettersProduced')!.annotations['summary']).toBe('Messages of {{ $labels.topic }} dead-lettered ({{ $labels.reason }})');
  });
});

describe('Grafana dashboard', () => {
  it('ships as a ConfigMap for the dashboard sidecar when enabled', () => {
    expect(ofKind<ConfigMap>(manifestsOf(result, 'default'), 'ConfigMap').filter((m) => m.metadata.name.endsWith('-dashboard'))).toEqual([]);
    const dashboards = ofKind<ConfigMap>(manifestsOf(result, 'observability'), 'ConfigMap').filter((m) => m.metadata.name === 'demo-issuestream-dashboard');
    expect(dashboards).toHaveLength(1);
    expect(dashboards[0]!.metadata.labels?.['grafana_dashboard']).toBe('1');
    const dashboard = JSON.parse(dashboards[0]!.data['issuestream.json']!) as Dashboard;
    expect(dashboard.uid).toBe('issuestream');
  });

  it('charts lag, dead letters and batch durations from metrics the code defines', () => {
    const [configMap] = ofKind<ConfigMap>(manifestsOf(result, 'observability'), 'ConfigMap').filter((m) => m.metadata.name === 'demo-issuestream-dashboard');
    const dashboard = JSON.parse(configMap!.data['issuestream.json']!) as Dashboard;
    const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr));
    const defined = definedMetrics();
    expect(exprs.flatMap(seriesIn).filter((name) => !defined.has(name))).toEqual([]);
    expect(exprs.filter((e) => !balanced(e))).toEqual([]);
    for (const wanted of ['issuestream_consumer_lag_messages', 'issuestream_consumer_dead_lettered_total', 'issuestream_consumer_batch_duration_seconds']) {
      expect(exprs.some((e) => seriesIn(e).includes(wanted))).toBe(true);
    }
    expect(dashboard.panels.every((p) => p.datasource !== undefined)).toBe(true);
  });
});

describe('bad observability values fail at render', () => {
  it.each(badValues)('%s', (name, _values, message) => {
    const rendered = result.cases[name]!;
    expect(rendered.ok).toBe(false);
    expect(rendered.ok ? '' : rendered.error).toMatch(message);
  });
});
