import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { examples } from '../src/scenario/examples';
import { decodeSharedRun, sharedRunOfHash } from '../src/app/scenario-io/share-link';
import type { SimControls } from '../src/app/sim-client';
import { AppPage } from './app.page';

const S = 1_000_000;
const LB = 'lb-bp1default0001';

async function slb(page: Page, params: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  return page.evaluate(async (form) => {
    const response = await fetch('/api/slb/?Action=' + form['Action'] + '&Version=2014-05-15&Format=JSON', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }, params);
}

async function runUntil(page: Page, us: number): Promise<void> {
  await page.evaluate((t) => (window as unknown as { __slb: SimControls }).__slb.runUntil(t), us);
}

/** The default run, paused, with one backend's weight changed at 2 s, at 4 s. */
async function editedRun(app: AppPage, page: Page): Promise<void> {
  await app.open('?paused');
  await app.runFromStart(1, 2 * S);
  const edit = await slb(page, { Action: 'SetBackendServers', LoadBalancerId: LB, BackendServers: JSON.stringify([{ ServerId: 'i-ecs1', Weight: 10 }]) });
  expect(edit.status, JSON.stringify(edit.body)).toBe(200);
  await runUntil(page, 4 * S);
  await expect(page.getByTestId('journal-entries')).toHaveText('1 change in the journal');
}

test('a share link opened in a fresh browser context reproduces the run: same time, journal and trace hash', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const app = new AppPage(page);
  await editedRun(app, page);
  const hash = await app.traceHash();
  await page.getByRole('button', { name: 'Share…' }).click();
  const url = page.getByTestId('share-url');
  await expect(url).toHaveValue(/#run=1\./);
  const link = await url.inputValue();

  const context = await browser.newContext();
  try {
    const fresh = new AppPage(await context.newPage());
    await fresh.page.goto(link);
    await expect(fresh.page.getByTestId('sim-time')).toHaveText('4.000 s', { timeout: 60_000 });
    await expect(fresh.page.getByTestId('journal-entries')).toHaveText('1 change in the journal');
    await expect.poll(() => fresh.traceHash()).toBe(hash);
    await expect(fresh.page.getByRole('button', { name: 'Play' })).toBeEnabled(); // opened paused
    expect(fresh.consoleProblems).toEqual([]);
  } finally {
    await context.close();
  }
});

test('a run that uploaded a certificate with its private key shares a link without the key', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?paused');
  const key = readFileSync('src/api/fixtures/rsa2048.test-key.pem', 'utf8');
  const upload = await slb(page, { Action: 'UploadServerCertificate', RegionId: 'cn-hangzhou', ServerCertificate: readFileSync('src/api/fixtures/rsa2048.cert.pem', 'utf8'), PrivateKey: key, ServerCertificateName: 'web' });
  expect(upload.status, JSON.stringify(upload.body)).toBe(200);
  await page.getByRole('button', { name: 'Share…' }).click();
  await expect(page.getByTestId('share-secrets')).toContainText('Private keys and API secrets never go into a link');
  await expect(page.getByTestId('share-url')).toHaveValue(/#run=1\./);
  const link = await page.getByTestId('share-url').inputValue();
  const decoded = decodeSharedRun(sharedRunOfHash(new URL(link).hash)!);
  expect(decoded.ok).toBe(true);
  const text = JSON.stringify(decoded);
  expect(text).toContain('UploadServerCertificate');
  expect(text).not.toContain('PRIVATE KEY');
  expect(text).not.toContain(key.split('\n')[1]!);
  await page.getByTestId('share-dialog').getByRole('button', { name: 'Close' }).click();

  // Nor does the saved run (scenario and journal as a file).
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save run' }).click();
  const saved = readFileSync((await (await download).path())!, 'utf8');
  expect(saved).toContain('UploadServerCertificate');
  expect(saved).not.toContain('PRIVATE KEY');
  expect(saved).not.toContain(key.split('\n')[1]!);
});

test('reloading the page restores the last state, journal included', async ({ page }) => {
  test.setTimeout(120_000);
  const app = new AppPage(page);
  await editedRun(app, page);
  const hash = await app.traceHash();
  // The autosave follows the run: wait until it holds this time and the change.
  await expect
    .poll(() => page.evaluate(() => JSON.parse(localStorage.getItem('slb-sim:autosave') ?? '{}') as { atUs?: number; scenario?: { journal?: unknown[] } }))
    .toMatchObject({ atUs: 4 * S, scenario: { journal: [{ action: 'SetBackendServers' }] } });
  await page.reload();
  await expect(page.getByTestId('sim-time')).toHaveText('4.000 s', { timeout: 60_000 });
  await expect(page.getByTestId('journal-entries')).toHaveText('1 change in the journal');
  await expect.poll(() => app.traceHash()).toBe(hash);
});

test('a corrupted autosave is reported and kept for download, and the app starts on the default scenario', async ({ page }) => {
  await page.addInitScript(() => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem('slb-sim:autosave', '{"format":"slb-sim-autosave", broken');
      sessionStorage.setItem('seeded', '1');
    }
  });
  const app = new AppPage(page);
  await app.open();
  await expect(page.getByTestId('startup-notices')).toContainText('The autosaved run could not be restored: it is not JSON');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download the corrupted autosave' }).click();
  const file = await download;
  expect(readFileSync((await file.path())!, 'utf8')).toBe('{"format":"slb-sim-autosave", broken');
  await expect(page.getByTestId('node-lvs').first()).toBeVisible();
  await expect.poll(() => app.eventCount()).toBeGreaterThan(0); // it runs
});

test('opening a scenario file (button or drop) replaces the run, with Undo; a broken file names its line and column', async ({ page }) => {
  test.setTimeout(90_000);
  const app = new AppPage(page);
  await app.open('?paused');
  const scenario = JSON.stringify({ ...examples['l4-basic'], name: 'from-a-file' }, null, 2);
  await page.getByTestId('open-scenario-file').setInputFiles({ name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(scenario) });
  await expect(page.getByTestId('scenario-status')).toContainText('Opened mine.json.');
  await expect.poll(() => page.evaluate(async () => ((await (window as unknown as { __slb: SimControls }).__slb.scenario()) as { name: string }).name)).toBe('from-a-file');

  await page.getByTestId('scenario-status').getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByTestId('scenario-status')).toContainText('Back to the run before.');
  await expect.poll(() => page.evaluate(async () => ((await (window as unknown as { __slb: SimControls }).__slb.scenario()) as { name: string }).name)).not.toBe('from-a-file');

  await page.getByTestId('open-scenario-file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{\n  "name": "x",\n  "seed": ,\n}') });
  await expect(page.getByTestId('scenario-status')).toContainText('broken.json is not JSON: line 3, column 11');

  // Dropped on the page: the same as opening it.
  const transfer = await page.evaluateHandle((text) => {
    const data = new DataTransfer();
    data.items.add(new File([text], 'dropped.json', { type: 'application/json' }));
    return data;
  }, scenario.replace('from-a-file', 'dropped'));
  await page.dispatchEvent('body', 'drop', { dataTransfer: transfer });
  await expect(page.getByTestId('scenario-status')).toContainText('Opened dropped.json.');
  expect(app.consoleProblems).toEqual([]);
});

test('the JSON view validates as you type, naming path, rule and value, and Apply opens the edited scenario', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?paused');
  await page.getByRole('button', { name: 'JSON…' }).click();
  const editor = page.getByRole('textbox', { name: 'Scenario JSON' });
  await expect(editor).toHaveValue(/"loadBalancers"/);
  const text = await editor.inputValue();
  await editor.fill(text.replace('"Scheduler": "wrr"', '"Scheduler": "fastest"'));
  await expect(page.getByTestId('json-problems')).toContainText(/loadBalancers\.0\.listeners\.0\.Scheduler: Invalid option: .* \("fastest"\)/);
  await expect(page.getByRole('button', { name: 'Apply (restarts the run)' })).toBeDisabled();
  await editor.fill(text.replace(/"name": "[^"]*"/, '"name": "edited-in-json"'));
  await expect(page.getByTestId('json-problems')).toHaveText('Valid scenario.');
  await page.getByRole('button', { name: 'Apply (restarts the run)' }).click();
  await expect(page.getByTestId('scenario-status')).toContainText('Opened the edited JSON.');
  await expect.poll(() => page.evaluate(async () => ((await (window as unknown as { __slb: SimControls }).__slb.scenario()) as { name: string }).name)).toBe('edited-in-json');
});

test('Ctrl+Z and Ctrl+Shift+Z undo and redo a configuration change', async ({ page }) => {
  test.setTimeout(90_000);
  const app = new AppPage(page);
  await editedRun(app, page);
  const edited = await app.traceHash();
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('journal-entries')).toHaveText('0 changes in the journal');
  await expect(page.getByRole('button', { name: 'Redo SetBackendServers' })).toBeEnabled();
  await expect.poll(() => app.traceHash()).not.toBe(edited);
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByTestId('journal-entries')).toHaveText('1 change in the journal');
  await expect.poll(() => app.traceHash()).toBe(edited);
  await expect(page.getByTestId('sim-time')).toHaveText('4.000 s');
});

test('one history: Ctrl+Z walks back over a journaled change and an opened file, Ctrl+Shift+Z comes forward again', async ({ page }) => {
  test.setTimeout(120_000);
  const app = new AppPage(page);
  await app.open('?paused');
  const name = () => page.evaluate(async () => ((await (window as unknown as { __slb: SimControls }).__slb.scenario()) as { name: string }).name);
  const original = await name();
  const scenario = JSON.stringify({ ...examples['default'], name: 'from-a-file' });
  await page.getByTestId('open-scenario-file').setInputFiles({ name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(scenario) });
  await expect.poll(name).toBe('from-a-file');
  await runUntil(page, 2 * S);
  const edit = await slb(page, { Action: 'SetBackendServers', LoadBalancerId: LB, BackendServers: JSON.stringify([{ ServerId: 'i-ecs1', Weight: 10 }]) });
  expect(edit.status, JSON.stringify(edit.body)).toBe(200);
  await expect(page.getByTestId('journal-entries')).toHaveText('1 change in the journal');
  await page.locator('body').click({ position: { x: 5, y: 5 } });

  await page.keyboard.press('Control+z'); // the journaled change
  await expect(page.getByTestId('journal-entries')).toHaveText('0 changes in the journal');
  expect(await name()).toBe('from-a-file');
  await page.keyboard.press('Control+z'); // the open
  await expect.poll(name).toBe(original);
  await expect(page.getByRole('button', { name: 'Redo open file' })).toBeEnabled();

  await page.keyboard.press('Control+Shift+z'); // the open again
  await expect.poll(name).toBe('from-a-file');
  await expect(page.getByRole('button', { name: 'Redo SetBackendServers' })).toBeEnabled();
  await page.keyboard.press('Control+Shift+z'); // and the change
  await expect(page.getByTestId('journal-entries')).toHaveText('1 change in the journal');
  expect(await name()).toBe('from-a-file');
  expect(app.consoleProblems).toEqual([]);
});

test('export and import from the app, as the CLI does', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?paused');
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByTestId('export-dialog');
  await dialog.getByRole('combobox').selectOption('keepalived');
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export' }).click();
  const file = await download;
  const config = readFileSync((await file.path())!, 'utf8');
  expect(config).toContain('virtual_server');
  await dialog.getByRole('button', { name: 'Close' }).click();

  await page.getByRole('button', { name: 'Import…' }).click();
  const importer = page.getByTestId('import-dialog');
  const withUnknown = `${config}\nunknown_thing 1\n`;
  await importer.locator('input[type=file]').setInputFiles({ name: 'keepalived.conf', mimeType: 'text/plain', buffer: Buffer.from(withUnknown) });
  // Left out visibly, by its line.
  await expect(importer.getByTestId('import-warnings')).toContainText(`line ${withUnknown.split('\n').indexOf('unknown_thing 1') + 1}: `);
  await expect(importer.getByTestId('import-warnings')).toContainText('unknown_thing');
  await importer.getByRole('button', { name: 'Open as the run' }).click();
  await expect(page.getByTestId('scenario-status')).toContainText('Opened keepalived.conf (keepalived).');

  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByTestId('import-dialog').locator('input[type=file]').setInputFiles({ name: 'keepalived.conf', mimeType: 'text/plain', buffer: Buffer.from('virtual_server 10.0.0.1 80 {\n  lb_algo wrr\n') });
  await expect(page.getByTestId('import-error')).toContainText(/line \d+, column \d+/);
});

test('a Terraform file exported from the app imports back in the app, parsed by the same HCL parser as the CLI', async ({ page }) => {
  test.setTimeout(120_000); // the parser's WebAssembly loads on first use
  const app = new AppPage(page);
  await app.open('?paused');
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByTestId('export-dialog');
  await dialog.getByRole('combobox').selectOption('terraform');
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export' }).click();
  const hcl = readFileSync((await (await download).path())!, 'utf8');
  expect(hcl).toContain('resource "alicloud_slb_load_balancer"');
  await dialog.getByRole('button', { name: 'Close' }).click();

  await page.getByRole('button', { name: 'Import…' }).click();
  const importer = page.getByTestId('import-dialog');
  await importer.locator('input[type=file]').setInputFiles({ name: 'main.tf', mimeType: 'text/plain', buffer: Buffer.from(hcl) });
  await expect(importer.getByRole('combobox')).toHaveValue('terraform');
  await expect(importer.getByTestId('import-result')).toBeVisible({ timeout: 60_000 });
  await importer.getByRole('button', { name: 'Open as the run' }).click();
  await expect(page.getByTestId('scenario-status')).toContainText('Opened main.tf (terraform).');

  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByTestId('import-dialog').locator('input[type=file]').setInputFiles({ name: 'broken.tf', mimeType: 'text/plain', buffer: Buffer.from('resource "alicloud_slb_load_balancer" "lb" {\n') });
  await expect(page.getByTestId('import-error')).toContainText(/terraform line \d+, column \d+/, { timeout: 60_000 });
  expect(app.consoleProblems).toEqual([]);
});

/** Every file under a directory, by its path relative to it. */
function filesUnder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (at: string): void => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return out;
}

// The formats issue 14 asks for, from the CLI and the app alike.
const EXPORTS = ['keepalived', 'ipvsadm', 'nginx', 'aliyun', 'terraform', 'api-json'];
const IMPORTS = ['keepalived', 'ipvsadm', 'nginx', 'terraform'];

test('the app offers every export and import format of the CLI, and its exports are the CLI\'s files', async ({ page }, testInfo) => {
  test.setTimeout(240_000); // one CLI run per format
  const app = new AppPage(page);
  await app.open('?example=https-keyserver&paused');
  await expect(page.getByTestId('lb-id')).toHaveText(examples['https-keyserver']!.loadBalancers![0]!.LoadBalancerId!, { timeout: 60_000 });
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByTestId('export-dialog');
  // The formats come from the worker, which loads its format code on first use.
  await expect.poll(async () => (await dialog.getByRole('combobox').locator('option').allTextContents()).sort(), { timeout: 60_000 }).toEqual([...EXPORTS].sort());
  for (const format of EXPORTS) {
    // What `npm run sim -- export https-keyserver --format F -o DIR/main` writes.
    const dir = testInfo.outputPath(format);
    execFileSync('npx', ['tsx', 'src/cli/main.ts', 'export', 'https-keyserver', '--format', format, '-o', join(dir, 'main')], { stdio: 'pipe' });
    const byCli = filesUnder(dir);
    await dialog.getByRole('combobox').selectOption(format);
    const download = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Export' }).click();
    const file = await download;
    const bytes = readFileSync((await file.path())!);
    if (Object.keys(byCli).length === 1) expect(bytes.toString('utf8'), format).toBe(byCli['main']);
    else {
      // The config with its certificate files beside it, as a zip.
      expect(file.suggestedFilename()).toBe(`https-keyserver-${format}.zip`);
      const zipped = Object.fromEntries(Object.entries(unzipSync(new Uint8Array(bytes))).map(([path, data]) => [path.includes('/') ? path : 'main', strFromU8(data)]));
      expect(zipped, format).toEqual(byCli);
    }
  }
  await dialog.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: 'Import…' }).click();
  await expect.poll(async () => (await page.getByTestId('import-dialog').getByRole('combobox').locator('option').allTextContents()).sort()).toEqual([...IMPORTS].sort());
  expect(app.consoleProblems).toEqual([]);
});
