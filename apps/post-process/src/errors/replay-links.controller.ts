import { BadRequestException, Controller, Get, Query } from '@nestjs/common';
import { eventsOfReplay, replaysOfEvent, type StoredReplayLink } from '@issuestream/replays-data';
import { PostProcessResources } from '../post-process-resources';

const HEX_ID = /^[0-9a-f]{32}$/;

const projectIdOf = (raw: string | undefined): number => {
  if (raw === undefined || !/^\d{1,18}$/.test(raw)) throw new BadRequestException({ error: 'project_id: a project id is required' });
  return Number(raw);
};

const hexId = (raw: string, field: string): string => {
  const id = raw.replace(/-/g, '').toLowerCase();
  if (!HEX_ID.test(id)) throw new BadRequestException({ error: `${field}: ${JSON.stringify(raw)} is not a UUID` });
  return id;
};

/**
 * Replay links both ways: `GET /replay-links?project_id=1&replay_id=…` (the
 * errors of a replay) and `GET /replay-links?project_id=1&event_id=…` (the
 * replays of an error).
 */
@Controller('replay-links')
export class ReplayLinksController {
  constructor(private readonly resources: PostProcessResources) {}

  @Get()
  async find(@Query('project_id') project?: string, @Query('replay_id') replayId?: string, @Query('event_id') eventId?: string): Promise<{ events: StoredReplayLink[] } | { replayIds: string[] }> {
    const projectId = projectIdOf(project);
    if ((replayId === undefined) === (eventId === undefined)) throw new BadRequestException({ error: 'replay_id or event_id: exactly one is required' });
    if (replayId !== undefined) return { events: await eventsOfReplay(this.resources.clickhouse, projectId, hexId(replayId, 'replay_id')) };
    return { replayIds: await replaysOfEvent(this.resources.clickhouse, projectId, hexId(eventId ?? '', 'event_id')) };
  }
}
