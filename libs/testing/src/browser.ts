import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'puppeteer-core';

/** Where Debian, Ubuntu and Chrome's own packages put the browser. */
const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export const CHROMIUM_MISSING =
  'Chromium not found for the browser tests. Install it (Debian/Ubuntu: `sudo apt-get install -y chromium`; ' +
  '`npm test` does this itself when run as root) or point CHROME_PATH at a Chromium or Chrome binary.';

const executable = (file: string): boolean => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** CHROME_PATH when set (it must then exist), else the system package's binary; throws saying how to install it. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env['CHROME_PATH'];
  if (configured) {
    if (!executable(configured)) throw new Error(`CHROME_PATH=${configured} is not an executable file. ${CHROMIUM_MISSING}`);
    return configured;
  }
  const found = SYSTEM_CHROMIUM.find(executable);
  if (!found) throw new Error(CHROMIUM_MISSING);
  return found;
}

/**
 * Flags for a quiet, offline, headless browser: no sandbox (tests run as
 * root in containers), no GPU, no QUIC, and none of the background traffic a
 * first run makes (the test network is loopback only).
 */
const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

export interface TestBrowser {
  readonly browser: Browser;
  /** Closes the browser and removes its profile directory. */
  close(): Promise<void>;
}

/** A headless Chromium with a fresh profile of its own. */
export async function launchBrowser(options: { env?: NodeJS.ProcessEnv } = {}): Promise<TestBrowser> {
  const executablePath = findChromium(options.env);
  const profile = mkdtempSync(path.join(tmpdir(), 'is-chromium-'));
  let browser: Browser;
  try {
    // Loaded on use: every test imports this library, few drive a browser.
    const { default: puppeteer } = await import('puppeteer-core');
    browser = await puppeteer.launch({ executablePath, headless: true, args: [...FLAGS, `--user-data-dir=${profile}`], protocolTimeout: 60000 });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  return {
    browser,
    close: async () => {
      await browser.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
