import type { EnvelopeItem } from '@issuestream/envelopes';
import { envelopeSightings, sdkIdentity } from './sdk-identity';

const item = (type: string, payload: unknown): EnvelopeItem => ({ type, headers: { type }, payload: Buffer.from(JSON.stringify(payload)) });

describe('sdkIdentity', () => {
  it('takes the envelope header sdk, else the auth client, else unknown', () => {
    expect(sdkIdentity({ name: 'sentry.javascript.node', version: '10.1.0' }, 'other/1')).toEqual({ name: 'sentry.javascript.node', version: '10.1.0' });
    expect(sdkIdentity(undefined, 'sentry.python/2.3.1')).toEqual({ name: 'sentry.python', version: '2.3.1' });
    expect(sdkIdentity({ version: '1' }, undefined)).toEqual({ name: 'unknown', version: '' });
  });
});

describe('envelopeSightings', () => {
  it('maps sessions, client reports, transactions and errors to their signals, and always adds envelope', () => {
    const sightings = envelopeSightings({}, [
      item('session', { sid: 'a', attrs: { release: '1.0', environment: 'staging' } }),
      item('sessions', { aggregates: [], attrs: { release: '1.0', environment: 'staging' } }),
      item('client_report', { discarded_events: [] }),
      item('transaction', { environment: 'prod' }),
      item('event', { environment: 'prod' }),
      item('attachment', 'bytes'),
    ]);
    expect(sightings).toEqual([
      { signal: 'session', environment: 'staging' },
      { signal: 'session', environment: 'staging' },
      { signal: 'client_report', environment: '' },
      { signal: 'transaction', environment: 'prod' },
      { signal: 'error', environment: 'prod' },
      { signal: 'envelope', environment: 'staging' },
    ]);
  });

  it('prefers the envelope trace header environment over payloads', () => {
    expect(envelopeSightings({ trace: { environment: 'dsc-env' } }, [item('event', { environment: 'payload-env' })])).toEqual([
      { signal: 'error', environment: 'dsc-env' },
      { signal: 'envelope', environment: 'dsc-env' },
    ]);
  });

  it('lights only envelope for feedback, and survives payloads that are not JSON', () => {
    expect(envelopeSightings({}, [item('feedback', {})])).toEqual([{ signal: 'envelope', environment: '' }]);
    expect(envelopeSightings({}, [{ type: 'event', headers: {}, payload: Buffer.from('{nope') }])).toEqual([
      { signal: 'error', environment: '' },
      { signal: 'envelope', environment: '' },
    ]);
  });
});
