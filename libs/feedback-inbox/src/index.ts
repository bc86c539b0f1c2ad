export { esc, inboxQuery, MAILBOXES, renderInbox, renderLogin } from './render';
export type { InboxFilters, InboxPage, Mailbox } from './render';
export { inboxDetail, inboxItem } from './view-model';
export type { InboxDetail, InboxItem } from './view-model';
