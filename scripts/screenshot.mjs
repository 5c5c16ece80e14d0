// Takes a screenshot of the running app: node scripts/screenshot.mjs <url> <out.png> [waitMs]
import { chromium } from '@playwright/test';

const [url = 'http://127.0.0.1:5173', out = 'docs/screenshot.png', waitMs = '3000'] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
page.on('console', (m) => console.log(`[console.${m.type()}] ${m.text()}`));
page.on('pageerror', (e) => console.log(`[pageerror] ${e.message}`));
await page.goto(url);
await page.waitForTimeout(Number(waitMs));
await page.screenshot({ path: out });
await browser.close();
console.log(`wrote ${out}`);
