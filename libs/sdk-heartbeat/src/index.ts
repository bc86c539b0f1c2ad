export { HEARTBEAT_SIGNALS, isHeartbeatSignal, signalOfItem, type HeartbeatSignal } from './signals';
export { envelopeSightings, sdkIdentity, UNKNOWN_SDK, type HeartbeatSighting, type SdkIdentity } from './sdk-identity';
export { HeartbeatRecorder, type HeartbeatRecorderOptions } from './heartbeat-recorder';
export { readHeartbeat, type ProjectHeartbeat, type SdkSeen } from './heartbeat-reader';
export { connectionStatus, DAY_MS, type ConnectedBy, type ConnectionStatus, type SignalSummary, type SignalTimes } from './connection-status';
export { firstSeenKey, lastSeenKey } from './keys';
