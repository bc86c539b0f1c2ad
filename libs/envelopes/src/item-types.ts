/** Items that need an event id on the envelope (Relay generates one when it is missing). */
export const EVENT_BOUND_TYPES: ReadonlySet<string> = new Set([
  'event', 'transaction', 'security', 'attachment', 'form_data', 'raw_security', 'unreal_report', 'user_report', 'feedback', 'replay_event', 'profile',
]);

/** Items whose JSON payload is an event that may carry its own `event_id`. */
export const EVENT_PAYLOAD_TYPES: ReadonlySet<string> = new Set(['event', 'transaction', 'security', 'feedback']);

/** Item types an SDK may not send. */
export const INTERNAL_TYPES: ReadonlySet<string> = new Set(['integration']);
