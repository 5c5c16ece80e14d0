import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';

/**
 * The first load's budget, on the production build the e2e run serves: the JavaScript the page
 * requests before its first painted topology frame (the app's `slb:first-topology-frame` mark),
 * each file gzipped at level 9 and summed, stays within 250,000 B; and the code for what the user
 * has not opened yet (console, charts, gallery, fault schedule) and the API mock are not part of
 * it. The engine's worker script is counted apart (it is the engine, and runs off the main thread).
 * Sizes and order only: nothing here is timed.
 */
const BUDGET_GZIP_BYTES = 250_000;
/** playwright.config.ts builds into dist-e2e; vite writes the chunk manifest next to it. */
const MANIFEST = 'dist-e2e/.vite/manifest.json';
const FRAME_MARK = 'slb:first-topology-frame';

type Manifest = Record<string, { file: string }>;

/** The served path of the chunk built from a source module. */
function chunkOf(manifest: Manifest, source: string): string {
  const entry = manifest[source];
  if (!entry) throw new Error(`${MANIFEST} has no chunk for ${source}`);
  return `/${entry.file}`;
}

interface Loaded {
  /** Every JS file the page or its workers requested, by path, with the served bytes. */
  bodies: Map<string, Promise<Buffer>>;
  workerScripts: Set<string>;
}

function recordScripts(page: Page): Loaded {
  const loaded: Loaded = { bodies: new Map(), workerScripts: new Set() };
  page.context().on('response', (response) => {
    const path = new URL(response.url()).pathname;
    if (path.endsWith('.js') && !loaded.bodies.has(path)) loaded.bodies.set(path, response.body());
  });
  page.on('worker', (worker) => loaded.workerScripts.add(new URL(worker.url()).pathname));
  return loaded;
}

/** JS paths whose request started before the first topology frame's mark (the page's own clock). */
async function requestedBeforeFirstFrame(page: Page): Promise<string[]> {
  return page.evaluate((mark) => {
    const frame = performance.getEntriesByName(mark)[0]?.startTime;
    if (frame === undefined) throw new Error(`no ${mark} mark`);
    return performance
      .getEntriesByType('resource')
      .filter((entry) => entry.startTime < frame)
      .map((entry) => new URL(entry.name).pathname)
      .filter((path) => path.endsWith('.js'));
  }, FRAME_MARK);
}

test('the first load stays within 250,000 B of gzipped JavaScript; console, charts, gallery, fault schedule and the API mock load only later', async ({ page }) => {
  const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Manifest;
  const later = {
    console: chunkOf(manifest, 'src/app/console/ConsoleDrawer.tsx'),
    charts: chunkOf(manifest, 'src/app/panels/ChartsPanel.tsx'),
    gallery: chunkOf(manifest, 'src/app/gallery/GalleryContent.tsx'),
    schedule: chunkOf(manifest, 'src/app/faults/ScheduleEditor.tsx'),
    apiMock: chunkOf(manifest, 'src/app/api-worker.ts'),
  };
  const main = chunkOf(manifest, 'src/app/main.tsx');
  const loaded = recordScripts(page);
  await page.goto('/');
  await expect(page.getByTestId('node-router')).toBeVisible();
  // The header card's answer comes through the API's Service Worker: the later phase has run.
  await expect(page.getByTestId('lb-id')).toHaveText('lb-bp1default0001');

  const first = (await requestedBeforeFirstFrame(page)).filter((path) => !loaded.workerScripts.has(path));
  expect(first).toContain(main);
  for (const [name, chunk] of Object.entries(later)) expect(first, `${name} (${chunk}) before the first frame`).not.toContain(chunk);
  let total = 0;
  const sizes: string[] = [];
  for (const path of first) {
    const body = await loaded.bodies.get(path);
    expect(body, `the body of ${path}`).toBeDefined();
    const gzipped = gzipSync(body as Buffer, { level: 9 }).length;
    total += gzipped;
    sizes.push(`${path} ${gzipped} B`);
  }
  test.info().annotations.push({ type: 'first-load JS (gzip)', description: `${total} B: ${sizes.join(', ')}` });
  expect(total, sizes.join('\n')).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);

  // Loaded, idle, nothing opened: the API mock has come, what the user has not opened has not.
  expect(loaded.bodies.has(later.apiMock)).toBe(true);
  for (const name of ['console', 'charts', 'gallery', 'schedule'] as const) expect(loaded.bodies.has(later[name]), `${name} requested unopened`).toBe(false);

  // Opening them brings their code, and they work.
  await page.getByRole('tab', { name: 'Charts' }).click();
  await expect(page.locator('.uplot canvas').first()).toBeVisible();
  expect(loaded.bodies.has(later.charts)).toBe(true);
  await page.getByRole('button', { name: 'Console' }).click();
  await expect(page.getByTestId('slb-console')).toBeVisible();
  expect(loaded.bodies.has(later.console)).toBe(true);
});

test("the engine worker's first load is its own script: the interop code (exporters, importers) comes when the Export dialog asks for it", async ({ page }) => {
  await page.goto('/?paused');
  await expect(page.getByTestId('node-router')).toBeVisible();
  const isEngine = (url: string): boolean => /\/sim\.worker-[^/]*\.js$/.test(new URL(url).pathname);
  await expect.poll(() => page.workers().some((w) => isEngine(w.url()))).toBe(true);
  const engine = page.workers().find((w) => isEngine(w.url()))!;
  // The scripts the worker fetched itself (its imports), from its own Resource Timing.
  const fetched = (): Promise<string[]> =>
    engine.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((entry) => new URL(entry.name).pathname)
        .filter((path) => path.endsWith('.js')),
    );
  expect(await fetched(), 'scripts the engine worker imported at start').toEqual([]);

  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByTestId('export-dialog');
  await expect(dialog.getByRole('combobox').locator('option')).toHaveText(['keepalived', 'ipvsadm', 'nginx', 'aliyun', 'terraform', 'api-json']);
  expect((await fetched()).length, 'the interop chunk, fetched by the worker for the dialog').toBeGreaterThan(0);
});
