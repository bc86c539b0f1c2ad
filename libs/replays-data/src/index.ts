export { REPLAY_LINK_MIGRATIONS_TABLE, replayLinkMigrations } from './replay-link-migrations';
export { eventHash, eventsOfReplay, insertReplayLinks, isLinkLevel, LINK_LEVELS, replaysOfEvent, type LinkLevel, type ReplayLink, type StoredReplayLink } from './replay-links';
