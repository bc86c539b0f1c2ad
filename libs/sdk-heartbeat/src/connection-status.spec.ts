import { connectionStatus, DAY_MS, emptySignalSummary } from './connection-status';

const now = Date.parse('2026-12-06T12:00:00Z');
const at = (msAgo: number) => new Date(now - msAgo);

describe('connectionStatus', () => {
  it('is not connected with no signal at all', () => {
    expect(connectionStatus(emptySignalSummary(), now)).toEqual({ serverConnected: false, connectedBy: null, firstTransactionReceived: false, firstErrorReceived: false });
  });

  it('counts a session only within 24 hours', () => {
    const signals = { ...emptySignalSummary(), session: { firstSeen: at(3 * DAY_MS), lastSeen: at(DAY_MS - 1) } };
    expect(connectionStatus(signals, now)).toMatchObject({ serverConnected: true, connectedBy: 'session' });
    expect(connectionStatus({ ...signals, session: { firstSeen: at(3 * DAY_MS), lastSeen: at(DAY_MS + 1) } }, now)).toMatchObject({ serverConnected: false });
  });

  it('counts any transaction ever, then a recent client report comes before it', () => {
    const transaction = { ...emptySignalSummary(), transaction: { firstSeen: at(300 * DAY_MS), lastSeen: null } };
    expect(connectionStatus(transaction, now)).toMatchObject({ serverConnected: true, connectedBy: 'transaction', firstTransactionReceived: true });
    const report = { ...transaction, client_report: { firstSeen: at(1000), lastSeen: at(1000) } };
    expect(connectionStatus(report, now)).toMatchObject({ connectedBy: 'client_report' });
  });

  it('falls back to the first error, reported on its own as well', () => {
    const signals = { ...emptySignalSummary(), error: { firstSeen: at(40 * DAY_MS), lastSeen: at(40 * DAY_MS) } };
    expect(connectionStatus(signals, now)).toEqual({ serverConnected: true, connectedBy: 'error', firstTransactionReceived: false, firstErrorReceived: true });
  });

  it('does not count a bare envelope (feedback only) as connected', () => {
    const signals = { ...emptySignalSummary(), envelope: { firstSeen: at(1), lastSeen: at(1) } };
    expect(connectionStatus(signals, now).serverConnected).toBe(false);
  });
});
