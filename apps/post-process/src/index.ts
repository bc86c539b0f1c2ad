/** The app's public entry for the cross-app tests in apps/e2e and the demo: factory, config and stores. */
export { createPostProcessApp } from './app';
export { loadPostProcessConfig, type PostProcessConfig } from './config';
export { PostProcessResources } from './post-process-resources';
