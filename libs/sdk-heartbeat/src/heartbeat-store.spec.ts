import { createRedis } from '@issuestream/storage';
import { testStackEnv } from '@issuestream/testing';
import { HeartbeatRecorder } from './heartbeat-recorder';
import { readHeartbeat } from './heartbeat-reader';
import { firstSeenKey, lastSeenKey } from './keys';

const redis = createRedis(testStackEnv().redisUrl, { connectionName: 'sdk-heartbeat-test' });
const projectId = 900_000_000 + Math.floor(Math.random() * 1_000_000);
const node = { name: 'sentry.javascript.node', version: '10.1.0' };
let clock = Date.parse('2026-12-06T10:00:00Z');

afterAll(async () => {
  await redis.del(lastSeenKey(projectId), firstSeenKey(projectId));
  await redis.quit();
});

describe('HeartbeatRecorder and readHeartbeat (real Redis)', () => {
  it('coalesces sightings in memory, writes them on flush, keeps the latest last-seen and the earliest first-seen', async () => {
    const recorder = new HeartbeatRecorder(redis, { flushIntervalMs: 60_000, retentionMs: 10 * 24 * 3600_000, now: () => clock });
    recorder.record(projectId, node, [{ signal: 'error', environment: 'prod' }, { signal: 'envelope', environment: 'prod' }]);
    expect(await redis.exists(lastSeenKey(projectId))).toBe(0);
    const firstErrorAt = clock;
    clock += 1000;
    recorder.record(projectId, node, [{ signal: 'error', environment: 'prod' }]);
    await recorder.flush();

    // A second relay that flushes an older sighting must not move last-seen back, nor first-seen forward.
    const other = new HeartbeatRecorder(redis, { flushIntervalMs: 60_000, retentionMs: 10 * 24 * 3600_000, now: () => firstErrorAt - 5000 });
    other.record(projectId, node, [{ signal: 'error', environment: 'prod' }]);
    await other.flush();
    clock += 1000;
    recorder.record(projectId, node, [{ signal: 'error', environment: 'prod' }]);
    await recorder.close();

    const heartbeat = await readHeartbeat(redis, projectId, clock);
    expect(heartbeat.signals.error).toEqual({ firstSeen: new Date(firstErrorAt - 5000), lastSeen: new Date(clock) });
    expect(heartbeat).toMatchObject({ serverConnected: true, connectedBy: 'error', firstErrorReceived: true });
    expect(heartbeat.sdks).toEqual([{ name: node.name, version: node.version, environment: 'prod', lastSeen: new Date(clock), signals: { error: new Date(clock), envelope: new Date(firstErrorAt) } }]);
  });

  it('drops last-seen entries past the retention but remembers first-seen', async () => {
    const recorder = new HeartbeatRecorder(redis, { flushIntervalMs: 60_000, retentionMs: 1000, now: () => clock });
    clock += 10_000;
    recorder.record(projectId, { name: 'sentry.python', version: '2.0.0' }, [{ signal: 'transaction', environment: '' }]);
    await recorder.close();
    const heartbeat = await readHeartbeat(redis, projectId, clock);
    expect(heartbeat.sdks.map((sdk) => [sdk.name, sdk.environment])).toEqual([['sentry.python', null]]);
    expect(heartbeat.signals.error.firstSeen).not.toBeNull();
    expect(heartbeat).toMatchObject({ connectedBy: 'transaction', firstTransactionReceived: true });
  });
});
