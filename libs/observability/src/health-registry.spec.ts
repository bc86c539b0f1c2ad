import { HealthRegistry } from './health-registry';

describe('HealthRegistry', () => {
  it('is ready only when every check passes, and says which failed', async () => {
    const registry = new HealthRegistry();
    registry.register({ name: 'postgres', check: async () => undefined });
    registry.register({
      name: 'kafka',
      check: async () => {
        throw new Error('not joined');
      },
    });
    const report = await registry.readiness();
    expect(report.ok).toBe(false);
    expect(report.checks['postgres']!.ok).toBe(true);
    expect(report.checks['kafka']).toMatchObject({ ok: false, error: 'not joined' });
  });

  it('is ready with no checks', async () => {
    expect((await new HealthRegistry().readiness()).ok).toBe(true);
  });
});
