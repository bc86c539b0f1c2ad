import type { IngestOccurrences } from '@issuestream/schemas';
import { defaultGroupTypeRegistry } from '../registry';
import { evidenceJson, groupUpdates, newGroup } from './group-plan';
import { hashFingerprint } from './hashing';
import { parseIncoming, type IncomingOccurrence } from './incoming';

const eventId = 'c'.repeat(32);

function occurrence(type: number, evidence: IngestOccurrences.Occurrence['evidence_data']): IncomingOccurrence {
  return parseIncoming({
    id: 'd'.repeat(32), project_id: 3, event_id: eventId, fingerprint: ['fp'], issue_title: 'User Feedback: slow page', subtitle: 'slow page',
    resource_id: null, evidence_data: evidence, evidence_display: [], type, detection_time: 1_763_000_000, level: 'info', culprit: 'user',
    initial_issue_priority: 50, assignee: null, payload_type: 'occurrence', event: null, is_buffered_spans: false,
  }) as IncomingOccurrence;
}

const hashed = (o: IncomingOccurrence) => ({
  occurrence: o, type: defaultGroupTypeRegistry.getByTypeId(o.typeId), hashes: hashFingerprint(o.fingerprint), evidence: evidenceJson(o),
});

const feedbackEvidence = {
  contact_email: 'ana@example.com', message: 'slow page', name: 'Ana', source: 'crash_report_embed_form', summary: 'slow page',
  associated_event_id: 'e'.repeat(32), is_spam: false, spam_detection_enabled: false,
};

describe('group metadata', () => {
  it('a feedback issue carries the contact, message, name, source, summary and linked event from its evidence', () => {
    expect(newGroup(hashed(occurrence(6001, feedbackEvidence)), []).metadata).toEqual({
      title: 'User Feedback: slow page', value: 'slow page', initial_priority: 50,
      contact_email: 'ana@example.com', message: 'slow page', name: 'Ana', source: 'crash_report_embed_form', summary: 'slow page',
      associated_event_id: 'e'.repeat(32),
    });
  });

  it('leaves out evidence a feedback did not have, and evidence other issue types carry', () => {
    expect(newGroup(hashed(occurrence(6001, { message: 'hi', source: 'new_feedback_envelope' })), []).metadata).not.toHaveProperty('associated_event_id');
    expect(newGroup(hashed(occurrence(4001, feedbackEvidence)), []).metadata).toEqual({ title: 'User Feedback: slow page', value: 'slow page', initial_priority: 50 });
  });

  it('an update keeps the feedback fields current', () => {
    const incoming = hashed(occurrence(6001, { ...feedbackEvidence, message: 'still slow' }));
    const created = newGroup(hashed(occurrence(6001, feedbackEvidence)), []);
    const group = { ...created, id: 9, firstSeen: created.firstSeen, lastSeen: created.lastSeen };
    const { updates } = groupUpdates([{ item: incoming, group }]);
    expect(updates[0]?.metadata).toMatchObject({ message: 'still slow', contact_email: 'ana@example.com' });
  });
});
