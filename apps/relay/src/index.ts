/**
 * The relay's public entry for the cross-app tests in apps/e2e (the only
 * project allowed to import an app): the app factory and its config.
 */
export { createRelayApp } from './relay-app';
export { loadRelayConfig, type RelayConfig } from './config';
