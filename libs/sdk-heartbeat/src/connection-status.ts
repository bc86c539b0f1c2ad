import { HEARTBEAT_SIGNALS, type HeartbeatSignal } from './signals';

export const DAY_MS = 24 * 60 * 60 * 1000;

export interface SignalTimes {
  readonly firstSeen: Date | null;
  readonly lastSeen: Date | null;
}

export type SignalSummary = Readonly<Record<HeartbeatSignal, SignalTimes>>;

/** Which signal made the project count as connected. */
export type ConnectedBy = 'session' | 'client_report' | 'transaction' | 'error';

export interface ConnectionStatus {
  readonly serverConnected: boolean;
  readonly connectedBy: ConnectedBy | null;
  readonly firstTransactionReceived: boolean;
  readonly firstErrorReceived: boolean;
}

const within = (times: SignalTimes, now: number, windowMs: number) => times.lastSeen !== null && now - times.lastSeen.getTime() <= windowMs;
const ever = (times: SignalTimes) => times.firstSeen !== null || times.lastSeen !== null;

/**
 * The reference's onboarding rule: connected when a session arrived in the
 * last 24 hours or any transaction ever did. The RFC ranks client reports
 * right after sessions, so a recent one counts too; the first error is the
 * last fallback. Errors are also reported on their own, as the reference
 * does (`firstErrorReceived`).
 */
export function connectionStatus(signals: SignalSummary, now: number, windowMs = DAY_MS): ConnectionStatus {
  const connectedBy: ConnectedBy | null = within(signals.session, now, windowMs)
    ? 'session'
    : within(signals.client_report, now, windowMs)
      ? 'client_report'
      : ever(signals.transaction)
        ? 'transaction'
        : ever(signals.error)
          ? 'error'
          : null;
  return { serverConnected: connectedBy !== null, connectedBy, firstTransactionReceived: ever(signals.transaction), firstErrorReceived: ever(signals.error) };
}

export const emptySignalSummary = (): Record<HeartbeatSignal, SignalTimes> =>
  Object.fromEntries(HEARTBEAT_SIGNALS.map((signal) => [signal, { firstSeen: null, lastSeen: null }])) as Record<HeartbeatSignal, SignalTimes>;
