import type { Redis } from 'ioredis';
import { connectionStatus, emptySignalSummary, type ConnectionStatus, type SignalSummary } from './connection-status';
import { decodeMember, firstSeenKey, lastSeenKey } from './keys';
import { isHeartbeatSignal, type HeartbeatSignal } from './signals';

export interface SdkSeen {
  readonly name: string;
  readonly version: string;
  readonly environment: string | null;
  readonly lastSeen: Date;
  /** Last time each signal came from this SDK in this environment. */
  readonly signals: Partial<Record<HeartbeatSignal, Date>>;
}

export interface ProjectHeartbeat extends ConnectionStatus {
  readonly signals: SignalSummary;
  /** Most recently seen first. */
  readonly sdks: SdkSeen[];
}

/** Pairs [member, score, member, score, …] as ZRANGE WITHSCORES answers. */
function pairs(flat: readonly string[]): [string, number][] {
  const out: [string, number][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i] as string, Number(flat[i + 1])]);
  return out;
}

/** One project's heartbeat: both sorted sets in one round trip, then the connection rule. */
export async function readHeartbeat(redis: Redis, projectId: number, now = Date.now()): Promise<ProjectHeartbeat> {
  const results = (await redis.pipeline().zrange(lastSeenKey(projectId), 0, -1, 'WITHSCORES').zrange(firstSeenKey(projectId), 0, -1, 'WITHSCORES').exec()) ?? [];
  for (const [error] of results) if (error) throw error;
  const [lastFlat, firstFlat] = results.map(([, value]) => value as string[]);

  const signals = emptySignalSummary();
  for (const [signal, at] of pairs(firstFlat ?? [])) if (isHeartbeatSignal(signal)) signals[signal] = { ...signals[signal], firstSeen: new Date(at) };

  const sdks = new Map<string, { name: string; version: string; environment: string | null; lastSeen: number; signals: Partial<Record<HeartbeatSignal, Date>> }>();
  for (const [encoded, at] of pairs(lastFlat ?? [])) {
    const member = decodeMember(encoded);
    if (!member || !isHeartbeatSignal(member.signal)) continue;
    const current = signals[member.signal];
    if (!current.lastSeen || current.lastSeen.getTime() < at) signals[member.signal] = { ...current, lastSeen: new Date(at) };
    const id = JSON.stringify([member.sdkName, member.sdkVersion, member.environment]);
    const sdk = sdks.get(id) ?? { name: member.sdkName, version: member.sdkVersion, environment: member.environment === '' ? null : member.environment, lastSeen: 0, signals: {} };
    sdk.signals[member.signal] = new Date(at);
    sdk.lastSeen = Math.max(sdk.lastSeen, at);
    sdks.set(id, sdk);
  }
  return {
    ...connectionStatus(signals, now),
    signals,
    sdks: [...sdks.values()].sort((a, b) => b.lastSeen - a.lastSeen).map((sdk) => ({ ...sdk, lastSeen: new Date(sdk.lastSeen) })),
  };
}
