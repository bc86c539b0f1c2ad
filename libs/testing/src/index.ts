export { uniqueName } from './unique-name';
export { waitFor } from './wait-for';
export { testStackEnv } from './stack-env';
export { startApp, type AppProcess } from './app-process';
export { fixturePath, fixturesDir } from './fixtures';
export { testAppEnv } from './app-env';
export { freePort } from './free-port';
export { CHROMIUM_MISSING, findChromium, launchBrowser, type TestBrowser } from './browser';
export { bundlePageScript, serveTestPage, type TestPage, type TestPageOptions } from './test-page';
