export {
  EVENT_ATTACHMENT_MIGRATIONS_TABLE,
  eventAttachmentMigrations,
} from './event-attachment-migrations';
export {
  EventAttachmentStore,
  type EventAttachmentWrite,
  type EventGroupLink,
} from './event-attachment-store';
export {
  attachmentKey,
  type EventAttachmentKey,
  type NewEventAttachment,
  type StoredEventAttachment,
} from './event-attachment-rows';
export { eventsWithAttachments } from './event-attachment-presence';
