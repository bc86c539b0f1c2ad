import type { EnvelopeItem } from '@issuestream/envelopes';
import { signalOfItem, type HeartbeatSignal } from './signals';

export interface SdkIdentity {
  readonly name: string;
  readonly version: string;
}

/** One signal seen from one SDK in one environment ('' when the SDK sent none). */
export interface HeartbeatSighting {
  readonly signal: HeartbeatSignal;
  readonly environment: string;
}

export const UNKNOWN_SDK: SdkIdentity = { name: 'unknown', version: '' };

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value.slice(0, 200) : undefined);
const record = (value: unknown): Record<string, unknown> | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/**
 * The SDK as the envelope header's `sdk` names it, else the auth's
 * `sentry_client` (`sentry.javascript.node/10.1.0`), else unknown.
 */
export function sdkIdentity(envelopeSdk: unknown, authClient: string | undefined): SdkIdentity {
  const sdk = record(envelopeSdk);
  const name = text(sdk?.['name']);
  if (name) return { name, version: text(sdk?.['version']) ?? '' };
  if (authClient) {
    const slash = authClient.lastIndexOf('/');
    return slash > 0 ? { name: authClient.slice(0, slash).slice(0, 200), version: authClient.slice(slash + 1).slice(0, 200) } : { name: authClient.slice(0, 200), version: '' };
  }
  return UNKNOWN_SDK;
}

function payloadEnvironment(item: EnvelopeItem): string | undefined {
  try {
    const payload = record(JSON.parse(item.payload.toString('utf8')));
    // Sessions carry it in attrs; events and transactions at the top.
    return text(record(payload?.['attrs'])?.['environment']) ?? text(payload?.['environment']);
  } catch {
    return undefined;
  }
}

/**
 * What one envelope tells the heartbeat: `envelope` always, plus one
 * sighting per signal-bearing item. The environment comes from the dynamic
 * sampling context in the envelope header (`trace.environment`, which SDKs
 * send with events and transactions) when present, so the common case reads
 * no payload; otherwise only signal-bearing items are parsed.
 */
export function envelopeSightings(envelopeHeaders: Readonly<Record<string, unknown>>, items: readonly EnvelopeItem[]): HeartbeatSighting[] {
  const traceEnvironment = text(record(envelopeHeaders['trace'])?.['environment']);
  const sightings: HeartbeatSighting[] = [];
  let environment = traceEnvironment;
  for (const item of items) {
    const signal = signalOfItem(item.type);
    if (!signal) continue;
    const itemEnvironment = traceEnvironment ?? payloadEnvironment(item) ?? '';
    environment ??= itemEnvironment;
    sightings.push({ signal, environment: itemEnvironment });
  }
  sightings.push({ signal: 'envelope', environment: environment ?? '' });
  return sightings;
}
