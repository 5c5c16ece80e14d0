// Finds a Chromium for Playwright, installing one when the machine has none.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const SYSTEM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

async function playwrightOwnChromium() {
  try {
    const { chromium } = await import('@playwright/test');
    const path = chromium.executablePath();
    return path && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function hasAptGet() {
  return spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
}

/**
 * Returns the executable to use, or '' for Playwright's own download. Order: CHROMIUM_PATH, a
 * system Chromium, Playwright's downloaded Chromium; with none, install one (apt-get when running
 * as root on a Debian-like system, else Playwright's download) and say so.
 */
export async function findOrInstallChromium(log = console.log) {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist`);
    return fromEnv;
  }
  const system = SYSTEM_CANDIDATES.find((p) => existsSync(p));
  if (system) return system;
  if (await playwrightOwnChromium()) return '';

  if (isRoot() && hasAptGet()) {
    log('e2e: no Chromium found; installing Debian chromium with apt-get (needs network, about a minute)…');
    execFileSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium'], { stdio: 'inherit' });
    const installed = SYSTEM_CANDIDATES.find((p) => existsSync(p));
    if (installed) return installed;
    throw new Error('apt-get finished but no chromium binary was found');
  }
  log('e2e: no Chromium found; downloading Playwright\'s Chromium (npx playwright install chromium)…');
  execFileSync('npx', ['playwright', 'install', 'chromium'], { stdio: 'inherit' });
  return '';
}
