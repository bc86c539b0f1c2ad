/** Envelope n of a feedback bench: one widget-style feedback item, as an SDK posts it to /api/<project>/envelope/. */
export function feedbackEnvelope(eventId: string, n: number): string {
  const now = new Date().toISOString();
  const event = {
    type: 'feedback',
    event_id: eventId,
    timestamp: now,
    platform: 'javascript',
    level: 'info',
    contexts: { feedback: { message: `bench feedback ${n}`, contact_email: `bench${n}@example.com`, name: `Bench User ${n}`, source: 'api' } },
  };
  return `${JSON.stringify({ event_id: eventId, sent_at: now })}\n${JSON.stringify({ type: 'feedback' })}\n${JSON.stringify(event)}\n`;
}
