import { Controller, Get, Header, HttpStatus, Res } from '@nestjs/common';
import type { Response } from 'express';
import { HealthRegistry } from './health-registry';
import { metricsRegistry } from './metrics-registry';

@Controller()
export class HealthController {
  constructor(private readonly health: HealthRegistry) {}

  @Get('livez')
  live(): { ok: true } {
    return { ok: true };
  }

  @Get('readyz')
  async ready(@Res() response: Response): Promise<void> {
    const report = await this.health.readiness();
    response.status(report.ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(report);
  }

  @Get('metrics')
  @Header('Content-Type', metricsRegistry.contentType)
  metrics(): Promise<string> {
    return metricsRegistry.metrics();
  }
}
