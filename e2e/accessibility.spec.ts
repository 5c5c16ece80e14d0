import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { AppPage } from './app.page';

/**
 * axe on the four views the issue names (main view, inspector with a selected connection, a
 * journey, the cost panel) at 1440×900: no serious and no critical violation. The whole page is
 * checked each time (no rule disabled, no region excluded), so a regression anywhere shows.
 */
const VIEWPORT = { width: 1440, height: 900 };
test.use({ viewport: VIEWPORT });

/** axe refuses pages from `browser.newPage()`: it needs one from a context of its own. */
async function openApp(browser: Browser, baseURL: string | undefined): Promise<{ page: Page; app: AppPage; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: VIEWPORT, ...(baseURL ? { baseURL } : {}) });
  const page = await context.newPage();
  const app = new AppPage(page);
  await app.open('?paused');
  await app.runFromStart(1, 3_000_000);
  await expect(page.getByTestId('sim-time')).toHaveText('3.000 s');
  return { page, app, close: () => context.close() };
}

/** Serious and critical violations, one line each with the elements they were found on. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.impact} ${v.id}: ${n.target.join(' ')} ${n.html.slice(0, 160)}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ').slice(0, 200)}` : ''}`));
}

test('the main view has no serious or critical axe violation', async ({ browser, baseURL }) => {
  const { page, close } = await openApp(browser, baseURL);
  await expect(page.getByTestId('node-lvs').first()).toBeVisible();
  expect(await seriousViolations(page), 'axe violations on the main view').toEqual([]);
  await close();
});

test('the inspector with an LVS connection table and a selected connection has no serious or critical axe violation', async ({ browser, baseURL }) => {
  const { page, close } = await openApp(browser, baseURL);
  await page.getByTestId('node-lvs').first().click();
  await expect(page.getByRole('tab', { name: 'Inspector' })).toHaveAttribute('aria-selected', 'true');
  const row = page.getByTestId('session-row').first();
  await expect(row).toBeVisible();
  // Selecting a connection opens its journey; back on the inspector, the row and its dots stay selected.
  await row.click();
  await expect(page.getByRole('tab', { name: 'Journey' })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('tab', { name: 'Inspector' }).click();
  await expect(page.getByTestId('session-row').first()).toBeVisible();
  expect(await seriousViolations(page), 'axe violations with the inspector open').toEqual([]);
  await close();
});

test("a connection's journey has no serious or critical axe violation", async ({ browser, baseURL }) => {
  const { page, close } = await openApp(browser, baseURL);
  await page.getByTestId('node-lvs').first().click();
  await page.getByTestId('session-row').first().click();
  await expect(page.getByRole('tab', { name: 'Journey' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('journey').locator('[data-event="outcome"]')).toBeVisible();
  expect(await seriousViolations(page), 'axe violations in the journey').toEqual([]);
  await close();
});

test('the cost panel has no serious or critical axe violation', async ({ browser, baseURL }) => {
  const { page, close } = await openApp(browser, baseURL);
  await page.getByRole('tab', { name: 'Cost' }).click();
  await expect(page.getByTestId('cost-total')).toBeVisible();
  await expect(page.getByTestId('cost-line').first()).toBeVisible();
  expect(await seriousViolations(page), 'axe violations in the cost panel').toEqual([]);
  await close();
});

test('chart axis labels are drawn whole, inside their charts (none cut off at an edge)', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ viewport: VIEWPORT, ...(baseURL ? { baseURL } : {}) });
  const page = await context.newPage();
  const app = new AppPage(page);
  // Bytes per second in the millions: the longest tick labels of the built-in examples.
  await app.open('?example=egress-billing&paused');
  await app.runUntil(10_000_000);
  await page.getByRole('tab', { name: 'Charts' }).click();
  const canvases = page.locator('.uplot canvas');
  await expect(canvases.first()).toBeVisible();
  await expect.poll(() => page.locator('[data-series="SLB"]').getAttribute('data-peak').then(Number)).toBeGreaterThan(1_000_000);
  // Text cut off by the canvas edge leaves drawn pixels in its outermost columns and rows.
  const cut = await canvases.evaluateAll((elements) =>
    elements.flatMap((element, index) => {
      const canvas = element as HTMLCanvasElement;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      const drawn = (x: number, y: number) => data[(y * canvas.width + x) * 4 + 3]! > 0;
      const edges: string[] = [];
      for (let y = 0; y < canvas.height; y++) {
        if (drawn(0, y) || drawn(1, y)) edges.push(`chart ${index}: left edge at y=${y}`);
        if (drawn(canvas.width - 1, y) || drawn(canvas.width - 2, y)) edges.push(`chart ${index}: right edge at y=${y}`);
      }
      for (let x = 0; x < canvas.width; x++) if (drawn(x, 0) || drawn(x, 1)) edges.push(`chart ${index}: top edge at x=${x}`);
      return edges.slice(0, 3);
    }),
  );
  expect(await canvases.count()).toBeGreaterThan(4);
  expect(cut).toEqual([]);
  await context.close();
});
