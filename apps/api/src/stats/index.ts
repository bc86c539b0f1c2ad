import type { Provider, Type } from '@nestjs/common';
import { OutcomeStatsController } from './outcome-stats.controller';
import { SdkHeartbeatController } from './sdk-heartbeat.controller';
import { STATS_ENV, StatsResources } from './stats-resources';

/** The read side of ingestion, wired into ApiModule: SDK heartbeat (Redis) and outcome stats (through ingest-outcomes). */
export const statsControllers: Type[] = [SdkHeartbeatController, OutcomeStatsController];

export const statsProviders = (env: NodeJS.ProcessEnv): Provider[] => [{ provide: STATS_ENV, useValue: env }, StatsResources];
