import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { AppPage, type OverlayWindow } from './app.page';

test('scrubbing back to t and forward again reproduces the same counters', async ({ page }) => {
  const app = new AppPage(page);
  await app.open();
  await app.runFromStart(4, 10_000_000);
  const counters = async () => ({
    time: await page.getByTestId('sim-time').innerText(),
    events: await app.eventCount(),
    connections: await page.getByTestId('connections').innerText(),
    trace: await app.traceHash(),
  });
  const at10 = await counters();
  expect(at10.time).toBe('10.000 s');

  const timeline = page.getByRole('slider', { name: 'Timeline: simulated time' });
  await timeline.fill('4');
  await expect(page.getByTestId('sim-time')).toHaveText('4.000 s');
  const at4 = await counters();
  expect(at4.events).toBeLessThan(at10.events);

  await timeline.fill('10');
  await expect(page.getByTestId('sim-time')).toHaveText('10.000 s');
  expect(await counters()).toEqual(at10);

  // And back again: the same state at 4 s as the first time.
  await timeline.fill('4');
  await expect(page.getByTestId('sim-time')).toHaveText('4.000 s');
  expect(await counters()).toEqual(at4);
});

test('clicking a connection in an LVS table shows its journey with the ECMP, scheduler and sync reasons', async ({ page }) => {
  const app = new AppPage(page);
  await app.open();
  await app.runFromStart(1, 3_000_000);
  await page.getByTestId('node-lvs').first().click();
  await expect(page.getByRole('tab', { name: 'Inspector' })).toHaveAttribute('aria-selected', 'true');
  const firstRow = page.getByTestId('session-row').first();
  await expect(firstRow).toBeVisible();
  // FULLNAT: the rows this node forwards show its own local address:port and whom the backend sees (TOA: the client).
  await expect(page.getByTestId('session-local').filter({ hasText: /^100\.64\.1\.\d+:\d+$/ }).first()).toBeVisible();
  await expect(page.getByTestId('session-seen').first()).toContainText(/^\d+\.\d+\.\d+\.\d+:\d+ \(TOA\)$/);
  await firstRow.click();
  await expect(page.getByRole('tab', { name: 'Journey' })).toHaveAttribute('aria-selected', 'true');
  const journey = page.getByTestId('journey');
  await expect(journey.locator('[data-event="ecmp"]').first()).toContainText(/modulo hash \d+ → LVS-\d/);
  await expect(journey.locator('[data-event="schedule"]').first()).toContainText(/wrr chose i-ecs\d: weight \d+/);
  await expect(journey.locator('[data-event="synced"]').first()).toContainText(/installed from LVS-\d/);
  await expect(journey.locator('[data-event="fullnat"]').first()).toContainText(/ → 47\.100\.10\.10:\d+ becomes 100\.64\.\d+\.\d+:\d+ → [\d.]+:\d+; backend sees client [\d.]+:\d+ \(TOA\)/);
  await expect(journey.locator('[data-event="outcome"]')).toContainText(/completed/);
});

test("an LVS node's connection table lists exactly the connections the CLI trace puts there for the same seed and time", async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'slb-e2e-'));
  const file = join(dir, 'trace.ndjson');
  execFileSync('npx', ['tsx', 'src/cli/main.ts', 'run', 'default', '--seed', '9', '--duration', '3s', '--trace', file], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'ignore'] });
  const expected = new Set<number>();
  for (const line of readFileSync(file, 'utf8').trim().split('\n')) {
    const entry = JSON.parse(line) as { conn: number; node: string; event: string };
    // A session exists on a node once it scheduled the flow there or received it by sync; nothing expires within 3 s.
    if (entry.node === 'LVS-2' && (entry.event === 'schedule' || entry.event === 'synced')) expected.add(entry.conn);
  }
  expect(expected.size).toBeGreaterThan(50);

  const app = new AppPage(page);
  await app.open();
  await app.runFromStart(9, 3_000_000);
  await page.getByTestId('node-lvs').nth(1).click();
  await expect(page.getByTestId('session-count')).toHaveText(`${expected.size} entries`);
  const listed = await page.evaluate(async () => {
    const controls = (window as unknown as { __slb: { sessionTable(i: number, o: number, l: number): Promise<{ rows: { conn: number }[] }> } }).__slb;
    return (await controls.sessionTable(1, 0, 1000)).rows.map((r) => r.conn);
  });
  expect(new Set(listed)).toEqual(expected);
  const visible = await page.getByTestId('session-row').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-conn'))));
  expect(visible.length).toBeGreaterThan(5);
  for (const conn of visible) expect(expected.has(conn)).toBe(true);
});

test("an LVS node's connection table sorts and filters the whole table, and is one tab stop driven by the keyboard", async ({ page }) => {
  const app = new AppPage(page);
  await app.open();
  await app.runFromStart(1, 3_000_000);
  await page.getByTestId('node-lvs').first().click();
  const grid = page.getByRole('grid', { name: 'LVS connection table' });
  await expect(grid.getByTestId('session-row').first()).toBeVisible();
  const all = Number((await page.getByTestId('session-count').textContent())!.split(' ')[0]);

  // Timer, longest first: the worker sorts the whole table; the header says so.
  await page.getByTestId('sort-timer').click();
  await page.getByTestId('sort-timer').click();
  await expect(grid.getByRole('columnheader', { name: /timer/ })).toHaveAttribute('aria-sort', 'descending');
  const timers = async () => (await grid.getByTestId('session-row').locator('[role="gridcell"]:nth-child(4)').allTextContents()).map((t) => parseFloat(t));
  await expect.poll(async () => {
    const t = await timers();
    return t.length > 3 && t.every((v, i) => i === 0 || t[i - 1]! >= v);
  }).toBe(true);

  // Only the synced copies: fewer than all, each says so.
  await page.getByLabel('Filter by sync').selectOption('synced');
  await expect(page.getByTestId('session-count')).toHaveText(new RegExp(`^\\d+ of ${all} entries$`));
  await expect.poll(async () => (await grid.getByTestId('session-row').locator('[role="gridcell"]:nth-child(6)').allTextContents()).every((t) => t === 'synced')).toBe(true);

  // One tab stop: focus the rows; 1–6 sort by column from the keyboard (1 = conn, again to reverse)
  // without switching the side tab; the arrow keys move, Enter opens the journey of the active row.
  await grid.focus();
  await page.keyboard.press('1');
  await expect(grid.getByRole('columnheader', { name: /^conn/ })).toHaveAttribute('aria-sort', 'ascending');
  await page.keyboard.press('1');
  await expect(grid.getByRole('columnheader', { name: /^conn/ })).toHaveAttribute('aria-sort', 'descending');
  await expect(page.getByRole('tab', { name: 'Inspector' })).toHaveAttribute('aria-selected', 'true');
  // The worker's rows arrive after the header changes: wait for them before moving the active row.
  await expect.poll(async () => {
    const conns = (await grid.getByTestId('session-row').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-conn')))));
    return conns.length > 3 && conns.every((c, i) => i === 0 || conns[i - 1]! > c);
  }).toBe(true);
  await page.keyboard.press('ArrowDown');
  const second = grid.getByTestId('session-row').nth(1);
  await expect(second).toHaveAttribute('aria-selected', 'true');
  // The active row shows the keyboard focus: an outline while the grid has focus.
  const outline = await second.evaluate((el) => ({ style: getComputedStyle(el).outlineStyle, width: parseFloat(getComputedStyle(el).outlineWidth) }));
  expect(outline.style).toBe('solid');
  expect(outline.width).toBeGreaterThanOrEqual(2);
  const conn = await second.getAttribute('data-conn');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('tab', { name: 'Journey' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('heading', { name: `Connection #${conn}` })).toBeVisible();
  expect(app.consoleProblems).toEqual([]);
});

test.describe('at 1440×900', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test("an LVS node's connection table fits the side panel: no column header or cell cut off, no sideways scrolling", async ({ page }) => {
    const app = new AppPage(page);
    await app.open('?paused');
    await app.runFromStart(1, 3_000_000);
    await page.getByTestId('node-lvs').first().click();
    const grid = page.getByRole('grid', { name: 'LVS connection table' });
    await expect(grid.getByTestId('session-row').nth(5)).toBeVisible();
    const cut = await grid.evaluate((el) => {
      const problems: string[] = [];
      if (el.scrollWidth > el.clientWidth + 0.5) problems.push(`the grid scrolls sideways (${el.scrollWidth} > ${el.clientWidth})`);
      const box = el.getBoundingClientRect();
      for (const cell of Array.from(el.querySelectorAll<HTMLElement>('[role="columnheader"] button, [role="gridcell"]'))) {
        // A cell may hold nested spans: measure the element that clips (the cell itself).
        if (cell.scrollWidth > cell.clientWidth + 0.5) problems.push(`"${cell.textContent}" is cut off (${cell.scrollWidth} > ${cell.clientWidth})`);
        const r = cell.getBoundingClientRect();
        if (r.right > box.right + 0.5) problems.push(`"${cell.textContent}" runs past the grid`);
        // A header's sort button must stay inside its own column, not run under the next one.
        const column = cell.parentElement?.closest('[role="columnheader"]');
        if (column && r.right > column.getBoundingClientRect().right + 0.5) problems.push(`header "${cell.textContent}" runs past its column`);
      }
      return problems;
    });
    expect(cut).toEqual([]);
    expect(app.consoleProblems).toEqual([]);
  });
});

test('clicking a dot selects its connection and highlights it', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?paused');
  // Step until a packet is on the long Internet leg, then click where it is drawn.
  await page.evaluate(() => (window as unknown as { __slb: { runUntil(us: number): Promise<unknown> } }).__slb.runUntil(1_010_000));
  await expect.poll(() => app.overlayHasDots()).toBe(true);
  const point = await page.getByTestId('traffic-overlay').evaluate(async (element) => {
    const canvas = element as HTMLCanvasElement;
    const { data, width } = await (window as unknown as OverlayWindow).__slbOverlayPixels();
    // A pixel of the TCP :80 listener's colour (#4ade80): a client packet, not a probe or sync.
    // Not over a node: a click there selects the node.
    const box = canvas.getBoundingClientRect();
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] === 74 && data[i + 1] === 222 && data[i + 2] === 128 && data[i + 3] === 255) {
        const pixel = i / 4;
        const dpr = window.devicePixelRatio || 1;
        const point = { x: (pixel % width) / dpr, y: Math.floor(pixel / width) / dpr };
        if (document.elementsFromPoint(box.left + point.x, box.top + point.y).some((e) => e.closest('.react-flow__node'))) continue;
        return point;
      }
    }
    return undefined;
  });
  expect(point).toBeDefined();
  const box = (await page.getByTestId('traffic-overlay').boundingBox())!;
  await page.mouse.click(box.x + point!.x, box.y + point!.y);
  await expect(page.getByRole('tab', { name: 'Journey' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('heading', { name: /Connection #\d+/ })).toBeVisible();
});

test('the help overlay lists the keyboard shortcuts; charts and events fill in', async ({ page }) => {
  const app = new AppPage(page);
  await app.open();
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toContainText('Step to the next packet of the selected connection');
  // The connection table's keys are listed too: it is one tab stop, sorted from the keyboard by 1 … 6.
  const grid = help.getByRole('table', { name: /In an LVS connection table/ });
  await expect(grid.getByRole('row').filter({ hasText: '1 … 6' })).toContainText('Sort by that column');
  await expect(grid.getByRole('row').filter({ hasText: 'Enter' })).toContainText("Open the active row's journey");
  await expect(help.getByRole('table', { name: /On a focused topology node/ })).toContainText('expand or collapse');
  const axe = await new AxeBuilder({ page }).include('[role="dialog"]').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await app.runFromStart(2, 5_000_000);
  await page.keyboard.press('5');
  await expect(page.getByRole('region', { name: 'Live charts' }).or(page.getByLabel('Live charts'))).toBeVisible();
  await expect(page.locator('.uplot')).toHaveCount(7);
  await page.keyboard.press('4');
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.getByTestId('event-list').locator('li').first()).toBeVisible();
  expect(app.consoleProblems).toEqual([]);
});

/** The "synced held N" figure on the label of the n-th LVS node. */
async function syncedHeldOnLabel(page: Page, nth: number): Promise<number> {
  const text = await page.getByTestId('node-lvs').nth(nth).getByTestId('node-counters').innerText();
  const match = /synced held ([\d,]+)/.exec(text);
  expect(match, text).not.toBeNull();
  return Number(match![1]!.replaceAll(',', ''));
}

test("an LVS node's label counts the synced sessions it holds now, not the sync records it ever received", async ({ page }) => {
  const app = new AppPage(page);
  await app.open();
  await app.runFromStart(9, 3_000_000);
  const table = await page.evaluate(async () => {
    const controls = (window as unknown as { __slb: { sessionTable(i: number, o: number, l: number): Promise<{ total: number; rows: { synced: boolean }[] }> } }).__slb;
    return (await controls.sessionTable(1, 0, 100_000)).rows;
  });
  const heldInTable = table.filter((row) => row.synced).length;
  expect(heldInTable).toBeGreaterThan(50);
  await expect.poll(() => syncedHeldOnLabel(page, 1)).toBe(heldInTable);
  // Refreshes make the received total run well ahead of what is held: the two must not be confused.
  const received = await page.evaluate(async () => {
    const controls = (window as unknown as { __slb: { runUntil(us: number): Promise<{ nodes: { lvs: { synced: number }[] } }> } }).__slb;
    return (await controls.runUntil(3_000_000)).nodes.lvs[1]!.synced;
  });
  expect(received).toBeGreaterThan(heldInTable);
  await expect(page.getByTestId('node-lvs').nth(1).getByTestId('node-counters')).toHaveAttribute('title', /installed or refreshed/);
});

test('a crashed LVS node holds no synced sessions', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?example=l4-failover&paused');
  await app.runFromStart(1, 19_000_000);
  await expect.poll(() => syncedHeldOnLabel(page, 1)).toBeGreaterThan(1000);
  await app.runFromStart(1, 25_000_000); // LVS-2 crashed at 20 s
  await expect(page.getByTestId('node-lvs').nth(1)).toHaveAttribute('data-state', 'down');
  await expect.poll(() => syncedHeldOnLabel(page, 1)).toBe(0);
  await expect.poll(() => syncedHeldOnLabel(page, 0)).toBeGreaterThan(1000);
});

test('the timeline has labelled ticks and its arrow keys move a second (Shift: ten); Run until a passed time says so', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?paused');
  await app.runFromStart(1, 20_000_000);
  await expect(page.getByTestId('sim-time')).toHaveText('20.000 s');
  await expect(page.getByTestId('timeline-ticks')).toContainText('0 s');
  const slider = page.getByRole('slider', { name: 'Timeline: simulated time' });
  await slider.focus();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('sim-time')).toHaveText('19.000 s');
  await page.keyboard.press('Shift+ArrowLeft');
  await expect(page.getByTestId('sim-time')).toHaveText('9.000 s');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('sim-time')).toHaveText('10.000 s');

  await page.getByLabel('Run until').fill('5s');
  await page.getByLabel('Run until').press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'has already passed' })).toContainText('the run is at 10.000 s');
  await expect(page.getByTestId('sim-time')).toHaveText('10.000 s');
  expect(app.consoleProblems).toEqual([]);
});

test('Next packet is disabled for a connection that has ended, saying how and when', async ({ page }) => {
  test.setTimeout(120_000);
  const app = new AppPage(page);
  await app.open('?paused');
  await app.runFromStart(1, 5_000_000);
  await page.getByRole('tab', { name: 'Journey' }).click();
  await page.getByLabel('Connection #').fill('1');
  await page.getByLabel('Connection #').press('Enter');
  const next = page.getByTestId('next-packet');
  await expect(next).toBeDisabled({ timeout: 30_000 });
  await expect(next).toHaveAttribute('title', /^Connection #1 ended: \w+ at \d+\.\d{3} s$/);
  expect(app.consoleProblems).toEqual([]);
});

test('a long Next packet search shows what it searches for and its progress, and Cancel stops it where it got to', async ({ page }) => {
  test.setTimeout(180_000);
  const app = new AppPage(page);
  await app.open('?paused');
  await app.runFromStart(1, 1_000_000);
  // A connection far from opening: the search runs through its whole event budget unless stopped.
  await page.getByRole('tab', { name: 'Journey' }).click();
  await page.getByLabel('Connection #').fill('99999999');
  await page.getByLabel('Connection #').press('Enter');
  const next = page.getByTestId('next-packet');
  await expect(next).toBeEnabled();
  await next.click();
  const task = page.getByTestId('long-task');
  await expect(task).toContainText('Searching for the next packet of connection #99999999', { timeout: 30_000 });
  await expect(task.getByRole('progressbar')).toBeVisible();
  await task.getByRole('button', { name: 'Cancel' }).click();
  await expect(task).toHaveCount(0, { timeout: 30_000 });
  const stoppedAt = Number((await page.getByTestId('sim-time').innerText()).replace(' s', ''));
  expect(stoppedAt).toBeGreaterThan(1);
  // Stopped, not still searching in the background: the time stays where Cancel left it.
  await page.waitForTimeout(1000);
  await expect(page.getByTestId('sim-time')).toHaveText(`${stoppedAt.toFixed(3)} s`);
  expect(app.consoleProblems).toEqual([]);
});

test('a long Run until shows what it does and its progress, and Cancel stops it where it got to', async ({ page }) => {
  test.setTimeout(180_000);
  const app = new AppPage(page);
  await app.open('?paused');
  await page.getByLabel('Run until').fill('3600s');
  await page.getByLabel('Run until').press('Enter');
  const task = page.getByTestId('long-task');
  await expect(task).toContainText('Running to 3600 s', { timeout: 30_000 });
  await expect(task.getByRole('progressbar')).toBeVisible();
  await task.getByRole('button', { name: 'Cancel' }).click();
  await expect(task).toHaveCount(0, { timeout: 30_000 });
  const stoppedAt = Number((await page.getByTestId('sim-time').innerText()).replace(' s', ''));
  expect(stoppedAt).toBeGreaterThan(0);
  expect(stoppedAt).toBeLessThan(3600);
  // Stopped, not still running in the background: the time stays where Cancel left it.
  await page.waitForTimeout(1000);
  await expect(page.getByTestId('sim-time')).toHaveText(`${stoppedAt.toFixed(3)} s`);
  expect(app.consoleProblems).toEqual([]);
});

test('the run controls show the worker memory against its budget, and it grows with checkpoints as the run goes on', async ({ page }) => {
  const app = new AppPage(page);
  await app.open();
  await app.runFromStart(2, 12_000_000);
  const memory = page.getByTestId('worker-memory');
  await expect(memory).toHaveText(/^\d+ \/ 224 MB \(\d+ checkpoints, \d+ MB\)$/);
  const read = async () => ({
    live: Number(await memory.getAttribute('data-live-bytes')),
    checkpoints: Number(await memory.getAttribute('data-checkpoints')),
    budget: Number(await memory.getAttribute('data-budget-bytes')),
  });
  const at12 = await read();
  expect(at12.budget).toBe(224 * 1024 * 1024);
  expect(at12.live).toBeGreaterThan(0);
  expect(at12.checkpoints).toBeGreaterThanOrEqual(2); // time 0 and at least one taken while running (every 5 s)
  await app.runUntil(30_000_000);
  await expect.poll(async () => (await read()).checkpoints, { timeout: 60_000 }).toBeGreaterThan(at12.checkpoints);
});

test('D opens the debug overlay: the worker memory against its budget and live frame rates; Escape closes it', async ({ page }) => {
  const app = new AppPage(page);
  await app.open();
  await app.runFromStart(3, 6_000_000);
  const overlay = page.getByRole('region', { name: 'Debug overlay' });
  await expect(overlay).toHaveCount(0);
  await page.keyboard.press('d');
  await expect(overlay).toBeVisible();
  await expect(overlay.getByTestId('debug-worker-tables')).toHaveText(/^\d+\.\d MB live$/);
  await expect(overlay.getByTestId('debug-worker-budget')).toHaveText(/^\d+\.\d \/ 224\.0 MB for tables and checkpoints, of 256 MB$/);
  await expect(overlay.getByTestId('debug-worker-checkpoints')).toHaveText(/^\d+ · \d+\.\d MB · every \d+ s$/);
  // Rates appear after the first one-second window; the page keeps drawing frames while paused.
  await expect(overlay.getByTestId('debug-ui-fps')).toHaveText(/^\d+$/, { timeout: 15_000 });
  await app.play();
  await expect.poll(async () => Number((await overlay.getByTestId('debug-events-rate').innerText()).replace(/,/g, '')), { timeout: 30_000 }).toBeGreaterThan(0);
  await page.keyboard.press('Escape');
  await expect(overlay).toHaveCount(0);
});
