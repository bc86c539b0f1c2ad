/** The api's public entry for the cross-app tests in apps/e2e: the app factory and its config. */
export { createApiApp } from './api-app';
export { loadApiConfig, type ApiConfig } from './config';
