import { expect, test, type Page } from '@playwright/test';
import { AppPage } from './app.page';

/** The figure (a number) a fact row of the inspector shows, e.g. "requests received". */
async function fact(page: Page, list: string, name: string): Promise<number> {
  const text = await page.getByTestId(list).locator(`[data-fact="${name}"]`).innerText();
  return Number(text.replaceAll(',', ''));
}

/** The peak a chart's text summary gives for one series. */
async function chartPeak(page: Page, title: string, series: string): Promise<number> {
  const chart = page.getByRole('figure', { name: new RegExp(`^${title} \\(`) });
  return Number(await chart.getByTestId('chart-summary').locator(`[data-series="${series}"]`).getAttribute('data-peak'));
}

/** The topology's edges by their accessible names, `from → to`. */
function edgeNames(page: Page): Promise<string[]> {
  return page.locator('.react-flow__edge').evaluateAll((edges) => edges.map((e) => e.getAttribute('aria-label') ?? ''));
}

test('l7-rules: LVS sends to Tengine nodes, which take requests; the requests chart has 2xx; a journey names the rule of each request', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?example=l7-rules&paused');
  const picker = page.getByRole('combobox', { name: 'Scenario' });
  await expect(picker).toHaveValue('l7-rules');
  await expect(picker.locator('option')).toContainText(['l7-rules', 'https-keyserver']);
  // Every Tengine node is on the path; the Key Server is not (HTTP only): dimmed, with the note.
  await expect(page.getByTestId('node-tengine')).toHaveCount(2);
  for (const node of await page.getByTestId('node-tengine').all()) await expect(node).toHaveAttribute('data-used', 'true');
  await expect(page.getByTestId('node-keyserver')).toHaveAttribute('data-used', 'false');
  await expect(page.getByTestId('node-keyserver').getByTestId('node-counters')).toHaveText('not used by any listener');
  await expect(page.getByLabel('Legend')).toContainText('HTTP :80');
  // Layer 7 only: LVS → Tengine → ECS, never LVS → ECS, and no Key Server edge for HTTP.
  const edges = await edgeNames(page);
  expect(edges).toContain('LVS-1 → Tengine-1');
  expect(edges).toContain('Tengine-2 → i-api1');
  expect(edges.filter((e) => /^LVS-\d → i-/.test(e) || e.includes('Key Server'))).toEqual([]);

  await app.runFromStart(7, 5_000_000);
  await page.getByTestId('node-tengine').first().click();
  await expect(page.getByRole('tab', { name: 'Inspector' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('tengine-facts')).toBeVisible();
  expect(await fact(page, 'tengine-facts', 'requests received')).toBeGreaterThan(0);
  expect(await fact(page, 'tengine-facts', 'client connections')).toBeGreaterThan(0);
  expect(await fact(page, 'tengine-facts', 'upstream connections')).toBeGreaterThan(0);
  await expect(page.getByTestId('node-tengine').first().getByTestId('node-counters')).toContainText(/req [\d,]+ · conns \d+ · upstream \d+/);

  // An unused Key Server keeps its note in the inspector.
  await page.getByTestId('node-keyserver').click();
  await expect(page.getByTestId('unused-note')).toContainText('no HTTPS listener');

  await page.getByRole('tab', { name: 'Charts' }).click();
  await expect(page.getByRole('figure', { name: /^Requests by status class/ })).toBeVisible();
  expect(await chartPeak(page, 'Requests by status class', '2xx')).toBeGreaterThan(0);
  await expect(page.getByRole('figure', { name: /^TLS handshakes/ })).toHaveCount(0);

  await page.getByRole('tab', { name: 'Journey' }).click();
  await page.getByLabel('Connection #').fill('5');
  await page.getByRole('button', { name: 'Show' }).click();
  const journey = page.getByTestId('journey');
  await expect(journey.locator('[data-event="schedule"]').first()).toContainText(/chose Tengine-\d/);
  const request = journey.locator('[data-event="request"]').first();
  await expect(request).toContainText(/GET \S+: (rule [\w-]+|no rule matches)/);
  await expect(journey.locator('[data-event="request"]').filter({ hasText: /rule rule-\w+: domain/ }).first()).toBeVisible();
  await expect(request.getByTestId('event-badge')).toHaveText(/request/);
  await expect(journey.locator('[data-event="upstream"]').first()).toContainText(/attempt 1 → i-\w+:\d+/);
  await expect(journey.locator('[data-event="response"]').first().getByTestId('status-chip')).toHaveText('200');
  expect(app.consoleProblems).toEqual([]);
});

test('https-keyserver: handshakes fail while the Key Server is down, in the TLS chart and its inspector', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?example=https-keyserver&paused');
  await expect(page.getByTestId('node-keyserver')).toHaveAttribute('data-used', 'true');
  await expect(page.getByLabel('Legend')).toContainText('Key Server operation');
  expect(await edgeNames(page)).toEqual(expect.arrayContaining(['Tengine-1 → Key Server-1', 'Tengine-2 → Key Server-1']));
  await expect(page.getByLabel('Legend')).toContainText('TLS handshake');

  // Play at a high speed past the Key Server's outage (20–30 s simulated); no speed is measured.
  await page.evaluate(() => (window as unknown as { __slb: { setSpeed(s: number): unknown } }).__slb.setSpeed(1000));
  await app.play();
  await expect.poll(async () => Number((await page.getByTestId('sim-time').innerText()).replace(/[^\d.]/g, '')), { timeout: 150_000 }).toBeGreaterThan(25);
  await app.pause();

  await page.getByTestId('node-keyserver').click();
  await expect(page.getByTestId('keyserver-facts')).toBeVisible();
  await expect.poll(() => fact(page, 'keyserver-facts', 'errors')).toBeGreaterThan(0);
  expect(await fact(page, 'keyserver-facts', 'requests')).toBeGreaterThan(0);
  await expect(page.getByTestId('keyserver-facts').locator('[data-fact="latency p99 (run)"]')).toContainText(/^\d+\.\d{3} ms$/);

  await page.getByRole('tab', { name: 'Charts' }).click();
  await expect(page.getByRole('figure', { name: /^TLS handshakes/ })).toBeVisible();
  expect(await chartPeak(page, 'TLS handshakes', 'failed')).toBeGreaterThan(0);
  expect(await chartPeak(page, 'TLS handshakes', 'full')).toBeGreaterThan(0);
  expect(await chartPeak(page, 'TLS handshakes', 'resumed')).toBeGreaterThan(0);
  expect(app.consoleProblems).toEqual([]);
});

test('the default scenario (layer 4) dims the Tengine nodes and the Key Server, and draws no edge to them', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?paused');
  for (const kind of ['tengine', 'keyserver']) {
    for (const node of await page.getByTestId(`node-${kind}`).all()) {
      await expect(node).toHaveAttribute('data-used', 'false');
      await expect(node.getByTestId('node-counters')).toHaveText('not used by any listener');
    }
  }
  const edges = await edgeNames(page);
  expect(edges).toContain('LVS-1 → i-ecs1');
  expect(edges.filter((e) => /Tengine|Key Server/.test(e))).toEqual([]);
  await page.getByTestId('node-tengine').first().click();
  await expect(page.getByTestId('unused-note')).toContainText('Not used by any listener');
});
