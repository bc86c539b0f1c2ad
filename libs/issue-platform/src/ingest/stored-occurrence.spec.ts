import type { IngestOccurrences } from '@issuestream/schemas';
import { defaultGroupTypeRegistry } from '../registry';
import { hashFingerprint } from './hashing';
import { parseIncoming, type IncomingOccurrence } from './incoming';
import { evidenceJson } from './group-plan';
import { storedOccurrenceJson } from './stored-occurrence';

const eventId = 'b'.repeat(32);
const wire: IngestOccurrences.Occurrence = {
  id: 'A'.repeat(8) + '-' + 'a'.repeat(4) + '-' + 'a'.repeat(4) + '-' + 'a'.repeat(4) + '-' + 'a'.repeat(12),
  project_id: 7,
  event_id: eventId,
  fingerprint: ['checkout-broken'],
  issue_title: 'User Feedback: it broke',
  subtitle: 'it broke',
  resource_id: null,
  evidence_data: { message: 'it broke' },
  evidence_display: [{ name: 'message', value: 'it broke', important: true }],
  type: 6001,
  detection_time: 1_763_000_000.25,
  level: 'info',
  culprit: 'user',
  initial_issue_priority: 50,
  assignee: null,
  payload_type: 'occurrence',
  event: { event_id: eventId, project_id: 7, platform: 'javascript', tags: {}, timestamp: '2025-11-13T02:13:20Z', level: 'info', received: '2025-11-13T02:13:20Z' },
  is_buffered_spans: false,
};

describe('the stored occurrence body', () => {
  const occurrence = parseIncoming(wire) as IncomingOccurrence;
  const stored: unknown = JSON.parse(
    storedOccurrenceJson({ occurrence, type: defaultGroupTypeRegistry.getByTypeId(6001), hashes: hashFingerprint(wire.fingerprint), evidence: evidenceJson(occurrence) }),
  );

  it('is the reference dict form: hashed fingerprint, int type, epoch detection time, normalised id', () => {
    expect(stored).toMatchObject({
      id: 'a'.repeat(32),
      project_id: 7,
      event_id: eventId,
      fingerprint: hashFingerprint(['checkout-broken']),
      type: 6001,
      detection_time: 1_763_000_000.25,
      evidence_data: { message: 'it broke' },
      evidence_display: [{ name: 'message', value: 'it broke', important: true }],
      initial_issue_priority: 50,
    });
  });

  it('leaves out the inline event and the wire-only fields', () => {
    expect(stored).not.toHaveProperty('event');
    expect(stored).not.toHaveProperty('payload_type');
    expect(stored).not.toHaveProperty('is_buffered_spans');
  });
});
