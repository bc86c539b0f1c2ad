import { Controller, Get, Header, HttpStatus, Res } from '@nestjs/common';
import { HealthRegistry, type HealthReport } from './health-registry';
import { metricsRegistry } from './metrics-registry';

@Controller()
export class HealthController {
  constructor(private readonly health: HealthRegistry) {}

  @Get('livez')
  live(): { ok: true } {
    return { ok: true };
  }

  /** Express's response and Fastify's reply both have `status`; passthrough lets Nest send the report on either. */
  @Get('readyz')
  async ready(@Res({ passthrough: true }) response: { status(code: number): unknown }): Promise<HealthReport> {
    const report = await this.health.readiness();
    response.status(report.ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }

  @Get('metrics')
  @Header('Content-Type', metricsRegistry.contentType)
  metrics(): Promise<string> {
    return metricsRegistry.metrics();
  }
}
