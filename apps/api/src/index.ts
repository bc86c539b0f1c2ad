/** The app's public entry for the cross-app tests in apps/e2e and the demo: factory and config. */
export { createApiApp } from './api-app';
export { loadApiConfig, type ApiConfig } from './config';
