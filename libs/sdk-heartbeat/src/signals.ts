/**
 * The heartbeat signals, in the RFC's order of preference: release-health
 * sessions first, client reports next, then transactions and errors as
 * fallbacks. `envelope` is any authenticated envelope at all, whatever it
 * carried (feedback only, attachments, …): the SDK reached us.
 */
export const HEARTBEAT_SIGNALS = ['session', 'client_report', 'transaction', 'error', 'envelope'] as const;
export type HeartbeatSignal = (typeof HEARTBEAT_SIGNALS)[number];

const SIGNAL_OF_ITEM: Readonly<Record<string, HeartbeatSignal>> = {
  session: 'session',
  sessions: 'session',
  client_report: 'client_report',
  transaction: 'transaction',
  event: 'error',
};

/** The signal an envelope item type lights, if any (`envelope` is lit by every envelope, not by an item). */
export function signalOfItem(itemType: string): HeartbeatSignal | undefined {
  return SIGNAL_OF_ITEM[itemType];
}

export function isHeartbeatSignal(value: string): value is HeartbeatSignal {
  return (HEARTBEAT_SIGNALS as readonly string[]).includes(value);
}
