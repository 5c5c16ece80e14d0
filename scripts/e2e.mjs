// Runs the Playwright suite with a browser found (or installed) by scripts/browser.mjs.
import { spawnSync } from 'node:child_process';
import { findOrInstallChromium } from './browser.mjs';

const chromium = await findOrInstallChromium();
if (chromium) console.log(`e2e: using ${chromium}`);
const env = { ...process.env, ...(chromium ? { CHROMIUM_PATH: chromium } : {}) };
const result = spawnSync('npx', ['playwright', 'test', ...process.argv.slice(2)], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
