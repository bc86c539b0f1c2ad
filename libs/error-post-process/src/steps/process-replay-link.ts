import type { ClickHouseClient } from '@clickhouse/client';
import { insertReplayLinks, isLinkLevel, type ReplayLink } from '@issuestream/replays-data';
import { postProcessMetrics } from '../metrics';
import type { PostProcessEvent } from '../post-process-event';
import type { ErrorPostProcessStep } from '../step';

/**
 * `process_replay_link`: an error that names its replay (`contexts.replay`,
 * else the `replayId` tag) gets an event link (the newer form: the level's
 * id column holds the event id, the event id's MD5 is the link's hash).
 *
 * The reference sends the link through `ingest-replay-events` to the replays
 * consumer. Nothing here consumes that topic and replay segments are not
 * stored, so the link is written straight to `replay_links`: one hop and one
 * insert per batch instead of a message per error. Effectively once by its
 * table: rows collapse on (project, replay, event hash), so a repeat adds
 * nothing. Reprocessed events are skipped, as in the reference; a level with
 * no id column gets no link (counted as id_invalid).
 */
export class ProcessReplayLink implements ErrorPostProcessStep {
  readonly name = 'process_replay_link';

  constructor(private readonly clickhouse: ClickHouseClient) {}

  applies(event: PostProcessEvent): boolean {
    return event.kind === 'error' && !event.isReprocessed && event.replayId !== null;
  }

  async run(events: readonly PostProcessEvent[]): Promise<void> {
    const links: ReplayLink[] = [];
    let invalid = 0;
    for (const event of events) {
      if (event.replayId === null) continue;
      if (!isLinkLevel(event.level)) {
        invalid++;
        continue;
      }
      links.push({ projectId: event.projectId, replayId: event.replayId, eventId: event.eventId, level: event.level, timestamp: event.timestamp });
    }
    await insertReplayLinks(this.clickhouse, links);
    postProcessMetrics.replayLinks.inc({ outcome: 'linked' }, links.length);
    postProcessMetrics.replayLinks.inc({ outcome: 'id_invalid' }, invalid);
  }
}
