import { traceExportPlan } from './trace-export-plan';

describe('traceExportPlan', () => {
  it('exports nothing without an endpoint', () => {
    expect(traceExportPlan({})).toEqual({ disabled: false, warnings: [] });
  });

  it('appends the traces path to the base endpoint, and prefers the traces endpoint as given', () => {
    expect(traceExportPlan({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).endpoint).toBe('http://collector:4318/v1/traces');
    expect(traceExportPlan({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).endpoint).toBe('http://collector:4318/v1/traces');
    expect(
      traceExportPlan({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces:9999/in' }).endpoint,
    ).toBe('http://traces:9999/in');
  });

  it('exports nothing when the exporter is none or the SDK is disabled', () => {
    expect(traceExportPlan({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_EXPORTER: 'none' }).endpoint).toBeUndefined();
    expect(traceExportPlan({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' })).toEqual({ disabled: true, warnings: [] });
  });

  it('names OTEL_ variables nothing reads (a misspelt endpoint would otherwise export nothing, silently)', () => {
    expect(traceExportPlan({ OTEL_EXPORTER_OTLP_ENDPIONT: 'http://c:4318' }).warnings).toEqual([
      'OTEL_EXPORTER_OTLP_ENDPIONT is not an OpenTelemetry variable the apps read; ignored',
    ]);
  });

  it('says which settings it cannot honour', () => {
    const plan = traceExportPlan({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_TRACES_EXPORTER: 'otlp,zipkin' });
    expect(plan.endpoint).toBe('http://c:4318/v1/traces');
    expect(plan.warnings).toEqual([expect.stringMatching(/zipkin is not built in/), expect.stringMatching(/grpc is not built in; spans go as http\/json/)]);
  });
});
