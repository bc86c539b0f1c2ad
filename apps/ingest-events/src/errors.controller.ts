import { BadRequestException, Controller, Get, Query } from '@nestjs/common';
import { listErrors, type ErrorRow } from '@issuestream/issues-data';
import { EventResources } from './ingest-resources';

const ids = (text: string | undefined, what: string, pattern: RegExp): string[] => {
  const list = (text ?? '').split(',').filter((part) => part !== '');
  const bad = list.find((part) => !pattern.test(part));
  if (bad !== undefined) throw new BadRequestException({ error: `${what}: ${JSON.stringify(bad)} is not valid` });
  return list;
};

/** GET /errors?project_id=1[,2][&group_id=…][&event_id=…][&limit=…]: the searchable error rows, newest first. */
@Controller('errors')
export class ErrorsController {
  constructor(private readonly resources: EventResources) {}

  @Get()
  list(@Query('project_id') projectIds?: string, @Query('group_id') groupIds?: string, @Query('event_id') eventIds?: string, @Query('limit') limit?: string): Promise<ErrorRow[]> {
    const projects = ids(projectIds, 'project_id', /^\d{1,18}$/).map(Number);
    if (projects.length === 0) throw new BadRequestException({ error: 'project_id: at least one project id is required' });
    const count = limit === undefined ? 100 : Number(limit);
    if (!Number.isInteger(count) || count < 1 || count > 1000) throw new BadRequestException({ error: 'limit: an integer from 1 to 1000' });
    return listErrors(this.resources.clickhouse, {
      projectIds: projects, groupIds: ids(groupIds, 'group_id', /^\d{1,18}$/).map(Number), eventIds: ids(eventIds, 'event_id', /^[0-9a-f]{32}$/), limit: count,
    });
  }
}
