import type { HeartbeatSignal } from './signals';

/** Sorted set per project: member = one (signal, SDK, version, environment), score = last seen (epoch ms). */
export const lastSeenKey = (projectId: number) => `is:sdk-heartbeat:last:${projectId}`;

/** Sorted set per project: member = signal, score = first seen (epoch ms); never trimmed, so "ever" holds. */
export const firstSeenKey = (projectId: number) => `is:sdk-heartbeat:first:${projectId}`;

export interface LastSeenMember {
  readonly signal: HeartbeatSignal;
  readonly sdkName: string;
  readonly sdkVersion: string;
  readonly environment: string;
}

/** A JSON array: unambiguous whatever characters SDK names or environments hold. */
export const encodeMember = (m: LastSeenMember): string => JSON.stringify([m.signal, m.sdkName, m.sdkVersion, m.environment]);

export function decodeMember(member: string): LastSeenMember | undefined {
  try {
    const value: unknown = JSON.parse(member);
    if (!Array.isArray(value) || value.length !== 4 || !value.every((part) => typeof part === 'string')) return undefined;
    const [signal, sdkName, sdkVersion, environment] = value as [HeartbeatSignal, string, string, string];
    return { signal, sdkName, sdkVersion, environment };
  } catch {
    return undefined;
  }
}
