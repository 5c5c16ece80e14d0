import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { AppPage } from './app.page';

test.use({ viewport: { width: 1440, height: 900 } });

interface Readability {
  zoom: number;
  nodes: number;
  /** Every problem found, one line each: empty when every node reads in full at ≥ 12 px. */
  problems: string[];
}

/**
 * After fit: React Flow's zoom (from the viewport's transform), and for every drawn node whether
 * each piece of its text is at least 12 px on screen (computed font size × zoom), whether its
 * label and its box cut anything off (scroll size beyond the client size), whether it lies
 * inside the pane, and whether it overlaps another node.
 */
function readability(page: Page): Promise<Readability> {
  return page.evaluate(() => {
    const viewport = document.querySelector('.react-flow__viewport') as HTMLElement;
    const zoom = new DOMMatrixReadOnly(getComputedStyle(viewport).transform).a;
    const pane = document.querySelector('.react-flow')!.getBoundingClientRect();
    const problems: string[] = [];
    const nodes = Array.from(document.querySelectorAll('.react-flow__node')) as HTMLElement[];
    for (const node of nodes) {
      const box = node.firstElementChild as HTMLElement;
      const name = node.querySelector('[data-testid="node-label"]')?.textContent ?? node.dataset['id'];
      const label = node.querySelector('[data-testid="node-label"]') as HTMLElement | null;
      if (!label) problems.push(`${name}: no label element`);
      else if (label.scrollWidth > label.clientWidth + 0.5) problems.push(`${name}: label cut off (${label.scrollWidth} > ${label.clientWidth})`);
      if (box.scrollWidth > box.clientWidth + 0.5 || box.scrollHeight > box.clientHeight + 0.5) problems.push(`${name}: content overflows the node`);
      const rect = node.getBoundingClientRect();
      if (rect.left < pane.left || rect.right > pane.right || rect.top < pane.top || rect.bottom > pane.bottom) problems.push(`${name}: outside the pane`);
      const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
      for (let text = walker.nextNode(); text; text = walker.nextNode()) {
        if (!text.textContent?.trim()) continue;
        const element = text.parentElement!;
        if (element.closest('[aria-hidden="true"]')) continue;
        const px = parseFloat(getComputedStyle(element).fontSize) * zoom;
        if (px < 12) problems.push(`${name}: "${text.textContent.trim()}" is ${px.toFixed(1)} px on screen`);
        const style = getComputedStyle(element);
        if (style.textOverflow === 'ellipsis' && style.overflow !== 'visible') problems.push(`${name}: "${text.textContent.trim()}" may be truncated with an ellipsis`);
        // Text drawn outside its node's box would be cut off by a neighbour or unreadable.
        const range = document.createRange();
        range.selectNodeContents(text);
        const t = range.getBoundingClientRect();
        if (t.left < rect.left - 0.5 || t.right > rect.right + 0.5 || t.top < rect.top - 0.5 || t.bottom > rect.bottom + 0.5) problems.push(`${name}: "${text.textContent.trim()}" spills out of the node`);
      }
    }
    // No node covers another (a column stacked too tight once the counters grew would).
    const rects = nodes.map((n) => ({ name: n.querySelector('[data-testid="node-label"]')?.textContent ?? n.dataset['id'], r: n.getBoundingClientRect() }));
    for (const [i, a] of rects.entries()) {
      for (const b of rects.slice(i + 1)) {
        if (a.r.left < b.r.right && b.r.left < a.r.right && a.r.top < b.r.bottom && b.r.top < a.r.bottom) problems.push(`${a.name} overlaps ${b.name}`);
      }
    }
    return { zoom, nodes: nodes.length, problems };
  });
}

/** Opens an example paused and waits for the layout to settle (restacked by measured heights and fitted again). */
async function openSettled(page: Page, example: string): Promise<AppPage> {
  const app = new AppPage(page);
  await app.open(`?example=${example}&paused`);
  // Counters come with the first frame; the fit runs again after the measured restack.
  await expect(page.getByTestId('node-lvs').first().getByTestId('node-state')).toHaveText('up');
  let last = -1;
  await expect
    .poll(
      async () => {
        const { zoom } = await readability(page);
        const settled = zoom === last;
        last = zoom;
        return settled;
      },
      { timeout: 30_000, intervals: [500] },
    )
    .toBe(true);
  return app;
}

for (const example of ['default', 'l7-rules', 'https-keyserver', 'zone-outage']) {
  test(`${example}: after fit at 1440×900, every node's text reads in full at ≥ 12 px on screen`, async ({ page }) => {
    const app = await openSettled(page, example);
    const result = await readability(page);
    expect(result.nodes).toBeGreaterThan(8);
    expect(result.problems).toEqual([]);
    // The graph uses the pane: fit is near 1, not the old 0.56.
    expect(result.zoom).toBeGreaterThan(0.92);
    // Still readable once the counters have grown (a wrap more must not push text out).
    await app.runFromStart(1, 5_000_000);
    await expect.poll(async () => (await readability(page)).problems, { timeout: 30_000 }).toEqual([]);
    expect(app.consoleProblems).toEqual([]);
  });
}

test('default: the unused tiers are hidden with a note that names them and says why; a name opens the inspector', async ({ page }) => {
  const app = await openSettled(page, 'default');
  await expect(page.locator('.react-flow__node[data-id]').filter({ has: page.getByTestId('node-tengine') })).toHaveCount(0);
  const note = page.getByTestId('hidden-note');
  await expect(note).toContainText('Hidden:');
  await expect(note).toContainText(/Tengine-1\s*not used by any listener\s*Tengine-2\s*not used by any listener\s*\(no HTTP\/HTTPS listener\)/);
  await expect(note).toContainText(/Key Server-1.*\(no HTTPS listener\)/);
  await note.getByRole('button', { name: /Key Server-1/ }).click();
  await expect(page.getByTestId('unused-note')).toBeVisible();
  expect(app.consoleProblems).toEqual([]);
});

test('default: LVS × backends wiring is one band; each link is still named and right-clickable for its faults', async ({ page }) => {
  const app = await openSettled(page, 'default');
  const bundle = page.getByTestId('edge-bundle');
  await expect(bundle).toHaveCount(1);
  await expect(bundle).toHaveAttribute('data-links', '16');
  const names = await page.locator('.react-flow__edge').evaluateAll((edges) => edges.map((e) => e.getAttribute('aria-label') ?? ''));
  expect(names.filter((n) => /^LVS-\d → i-ecs\d$/.test(n))).toHaveLength(16);
  expect(names.some((n) => n.startsWith('Bundle of 16 links'))).toBe(true);
  // A link inside the band: right-click on it opens its own faults.
  const link = page.locator('.react-flow__edge[aria-label="LVS-1 → i-ecs1"] .react-flow__edge-interaction');
  const middle = await link.evaluate((path) => {
    const r = path.getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  });
  await page.mouse.click(middle.x, middle.y, { button: 'right' });
  const opened = page.locator('[data-link][aria-expanded="true"]');
  await expect(opened).toHaveCount(1);
  expect(await opened.getAttribute('data-link')).toMatch(/lvs-1.*i-ecs1/);
  expect(app.consoleProblems).toEqual([]);
});

test('nodes show their state in words, show keyboard focus, and pass axe on contrast and ARIA', async ({ page }) => {
  const app = await openSettled(page, 'l7-rules');
  const lvs = page.getByTestId('node-lvs').first();
  await expect(lvs.getByTestId('node-state')).toHaveText('up');
  await expect(lvs.getByTestId('node-state')).toBeVisible();
  await expect(page.getByTestId('node-tengine').first().getByTestId('node-state')).toHaveText('up');
  // Keyboard focus on a node draws a visible outline.
  const wrapper = page.locator('.react-flow__node').filter({ has: page.getByText('LVS-2', { exact: true }) });
  await page.keyboard.press('Tab');
  await wrapper.focus();
  await expect(wrapper).toBeFocused();
  const outline = await wrapper.evaluate((el) => ({ style: getComputedStyle(el).outlineStyle, width: parseFloat(getComputedStyle(el).outlineWidth) }));
  expect(outline.style).toBe('solid');
  expect(outline.width).toBeGreaterThanOrEqual(2);
  const axe = await new AxeBuilder({ page }).include('.react-flow__nodes').include('[data-testid="hidden-note"]').withRules(['color-contrast', 'aria-prohibited-attr', 'aria-allowed-attr']).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  expect(app.consoleProblems).toEqual([]);
});

test('32 LVS nodes and 100 backends read as three groups with their states in words; a click expands one, Enter collapses it', async ({ page }) => {
  const app = await openSettled(page, 'default');
  const loaded = await page.evaluate(async () => {
    type Controls = { scenario(): Promise<Record<string, unknown>>; loadScenario(file: unknown, seed: number): Promise<void> };
    const controls = (window as unknown as { __slb: Controls }).__slb;
    const scenario = structuredClone(await controls.scenario()) as {
      cluster: { lvsNodes: number };
      ecsInstances: { ServerId: string; ZoneId: string; PrivateIp: string }[];
      loadBalancers: { backendServers: unknown[] }[];
      egress: unknown;
    };
    const zones = [scenario.ecsInstances[0]!.ZoneId, scenario.ecsInstances[3]!.ZoneId];
    scenario.cluster.lvsNodes = 32;
    scenario.ecsInstances = Array.from({ length: 100 }, (_, i) => ({ ...scenario.ecsInstances[0]!, ServerId: `i-big${i}`, ZoneId: zones[i % 2]!, PrivateIp: `10.0.0.${i + 10}` }));
    scenario.loadBalancers[0]!.backendServers = scenario.ecsInstances.map((s) => ({ ServerId: s.ServerId, Weight: 100 }));
    scenario.egress = { eips: [], natGateways: [] };
    await controls.loadScenario(scenario, 1);
    return true;
  });
  expect(loaded).toBe(true);
  const lvsGroup = page.getByTestId('group-lvs');
  await expect(lvsGroup).toContainText('LVS × 32');
  await expect(lvsGroup.getByTestId('group-states')).toHaveText('32 up');
  await expect(page.getByTestId('group-ecs')).toHaveCount(2);
  await expect(page.getByTestId('group-ecs').first()).toContainText('ECS × 50');
  await expect(page.getByTestId('node-lvs')).toHaveCount(0);
  await expect.poll(async () => (await readability(page)).problems, { timeout: 30_000 }).toEqual([]);

  await lvsGroup.click();
  await expect(page.getByTestId('node-lvs')).toHaveCount(32);
  await expect(page.getByTestId('group-lvs')).toHaveAttribute('data-expanded', 'true');
  const header = page.locator('.react-flow__node[data-id^="group:lvs:"]');
  await header.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('node-lvs')).toHaveCount(0);
  await expect(page.getByTestId('group-lvs')).toHaveAttribute('data-expanded', 'false');
  await expect(page.locator('.react-flow__node[data-id^="group:lvs:"]')).toBeFocused();
  expect(app.consoleProblems).toEqual([]);
});

test('a node that grows (a crashed LVS node gets its badges) restacks its column: text still reads in full, no node covers another', async ({ page }) => {
  const app = await openSettled(page, 'l7-rules');
  await app.runFromStart(7, 3_000_000);
  for (const name of ['LVS-2', 'Tengine-1']) {
    await page.locator('.react-flow__node').filter({ has: page.getByText(name, { exact: true }) }).click({ button: 'right' });
    await page.getByRole('menu', { name: `Faults: ${name}` }).getByRole('menuitem', { name: /^Crash/ }).click();
  }
  await expect(page.getByTestId('failed-badge')).toHaveCount(2);
  await app.runUntil(4_000_000);
  await expect.poll(async () => (await readability(page)).problems, { timeout: 30_000 }).toEqual([]);
  expect(app.consoleProblems).toEqual([]);
});
