import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { AppPage, type OverlayWindow } from './app.page';

/**
 * The console configures the running simulation through the SLB API, like an external client:
 * every request below goes over fetch to the in-page API (the MSW Service Worker), which hands it
 * to the worker that owns the control plane and applies accepted changes live to the engine.
 */

/** The l4-frankfurt example: one TCP :443 listener over exactly two backends. */
const FRANKFURT = { example: 'l4-frankfurt', lb: 'lb-gw8frankfurt0001', backends: ['i-gw8web1', 'i-gw8web2'] };
/** LISTENER_COLORS[1] (src/app/topology/dot-colors.ts): the second listener's dots and legend swatch. */
const SECOND_LISTENER_RGB = [96, 165, 250] as const;
const FIRST_LISTENER_RGB = [74, 222, 128] as const;

/** Drives the console drawer; the steps read like a user's. */
class ConsolePage {
  readonly actions: string[] = [];

  constructor(readonly page: Page) {
    // Every SLB API request the page sends, by Action, in order (reads included).
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/api/slb/') this.actions.push(url.searchParams.get('Action') ?? '?');
    });
  }

  get drawer(): Locator {
    return this.page.getByRole('dialog', { name: 'SLB console' });
  }

  async open(): Promise<void> {
    await this.page.getByRole('button', { name: 'Console', exact: true }).click();
    await expect(this.drawer.getByTestId('instance-overview')).toBeVisible();
  }

  async close(): Promise<void> {
    await this.drawer.getByRole('button', { name: 'Close the console' }).click();
    await expect(this.drawer).toHaveCount(0);
  }

  row(port: number): Locator {
    return this.drawer.locator(`[data-testid="listener-row"][data-port="${port}"]`);
  }

  /** `protocol:port:status` of every listener row, in order. */
  listeners(): Promise<string[]> {
    return this.drawer.getByTestId('listener-row').evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-protocol')}:${r.getAttribute('data-port')}:${r.getAttribute('data-status')}`));
  }

  /** The connections open on the listener as the row shows them (CloudMonitor ActiveConnection), -1 before the first read. */
  async activeConnections(port: number): Promise<number> {
    const active = await this.row(port).getByTestId('listener-active-connections').getAttribute('data-active');
    return active ? Number(active) : -1;
  }

  /** The running total of new connections the listener row shows (CloudMonitor NewConnection). */
  async newConnections(port: number): Promise<number> {
    const total = await this.row(port).getByTestId('listener-new-connections').getAttribute('data-total');
    return total ? Number(total) : -1;
  }

  get wizard(): Locator {
    return this.drawer.getByTestId('add-listener-wizard');
  }

  async next(): Promise<void> {
    await this.wizard.getByRole('button', { name: /^Next: / }).click();
  }

  /** Fills the wizard for a TCP listener and stops at the review step (nothing sent yet). */
  async fillTcpListener(options: { port: number; backendPort: number; interval?: string; connectionsPerSecond: string }): Promise<void> {
    await this.drawer.getByRole('button', { name: 'Add listener' }).click();
    const w = this.wizard;
    await w.getByLabel('Protocol', { exact: true }).selectOption('tcp');
    await w.getByLabel('Listener port', { exact: true }).fill(String(options.port));
    await w.getByLabel('Backend server port', { exact: true }).fill(String(options.backendPort));
    await this.next();
    await w.getByLabel('Scheduler', { exact: true }).selectOption('wrr');
    await this.next();
    // The default server group: the instance's two servers serve every listener without a VServer group.
    for (const server of FRANKFURT.backends) await expect(w).toContainText(server);
    await this.next();
    if (options.interval !== undefined) await w.getByLabel('Interval (s)', { exact: true }).fill(options.interval);
    await this.next();
    await w.getByLabel('New connections per second', { exact: true }).fill(options.connectionsPerSecond);
    await w.getByLabel('Exchanges per connection', { exact: true }).fill('1');
    await this.next();
    await expect(w.getByRole('heading', { name: /Review/ })).toBeVisible();
  }

  async submit(): Promise<void> {
    await this.wizard.getByRole('button', { name: 'Create listener' }).click();
  }
}

/** Reads the simulated time the run controls show, in µs. */
async function simTimeUs(page: Page): Promise<number> {
  const text = await page.getByTestId('sim-time').innerText();
  const match = /^([\d.]+) (s|ms|µs)$/.exec(text.trim());
  if (!match) throw new Error(`unexpected sim time "${text}"`);
  const scale = match[2] === 's' ? 1e6 : match[2] === 'ms' ? 1e3 : 1;
  return Math.round(Number(match[1]) * scale);
}

/**
 * Where on the overlay dots of exactly this colour are drawn (CSS px from the canvas' corner): the
 * pixels with the most same-coloured neighbours, so a click lands on the middle of a dot.
 */
function findDots(page: Page, rgb: readonly [number, number, number]) {
  return page.getByTestId('traffic-overlay').evaluate(async (element, [r, g, b]) => {
    const canvas = element as HTMLCanvasElement;
    const { width, height, data } = await (window as unknown as OverlayWindow).__slbOverlayPixels();
    const matches = (x: number, y: number): boolean => {
      if (x < 0 || y < 0 || x >= width || y >= height) return false;
      const i = (y * width + x) * 4;
      return data[i] === r && data[i + 1] === g && data[i + 2] === b && data[i + 3] === 255;
    };
    const found: { x: number; y: number; score: number }[] = [];
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if (!matches(x, y)) continue;
        let score = 0;
        for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) if (matches(x + dx, y + dy)) score++;
        found.push({ x, y, score });
      }
    }
    // The middles of up to five different dots, best first; none over a node (a click there selects the node).
    const dots: { x: number; y: number }[] = [];
    const box = canvas.getBoundingClientRect();
    const ratio = window.devicePixelRatio || 1;
    const overNode = (pixel: { x: number; y: number }) => document.elementsFromPoint(box.left + pixel.x / ratio, box.top + pixel.y / ratio).some((e) => e.closest('.react-flow__node'));
    for (const pixel of found.sort((p, q) => q.score - p.score)) {
      if (dots.length === 5) break;
      if (overNode(pixel)) continue;
      if (dots.every((d) => Math.hypot(d.x - pixel.x, d.y - pixel.y) > 12)) dots.push(pixel);
    }
    const dpr = window.devicePixelRatio || 1;
    return dots.map((d) => ({ x: d.x / dpr, y: d.y / dpr }));
  }, rgb);
}

async function legendSwatch(page: Page, label: string): Promise<string> {
  const item = page.getByTestId('legend-item').filter({ hasText: new RegExp(`^${label}$`) });
  await expect(item).toHaveCount(1);
  return item.locator('span').first().evaluate((el) => getComputedStyle(el).backgroundColor);
}

/** DescribeLoadBalancerAttribute's listener ports, asked over fetch from the page (through the Service Worker). */
function apiListenerPorts(page: Page, lb: string): Promise<number[]> {
  return page.evaluate(async (id) => {
    const response = await fetch(`/api/slb/?Action=DescribeLoadBalancerAttribute&Version=2014-05-15&LoadBalancerId=${id}`);
    const body = (await response.json()) as { ListenerPorts: { ListenerPort: number[] } };
    return body.ListenerPorts.ListenerPort;
  }, lb);
}

test('the wizard creates a TCP listener with two backends and traffic, starts it, and its dots reach those backends within a simulated second', async ({ page }) => {
  const app = new AppPage(page);
  await app.open(`?example=${FRANKFURT.example}`);
  const slb = new ConsolePage(page);
  await slb.open();
  await expect(slb.drawer.getByTestId('overview-LoadBalancerId')).toHaveText(FRANKFURT.lb);
  expect(await slb.listeners()).toEqual(['tcp:443:running']);

  await slb.fillTcpListener({ port: 8080, backendPort: 8080, connectionsPerSecond: '200' });
  // The review lists the exact requests, in order, each as an aliyun command too.
  const planned = slb.wizard.getByTestId('planned-request');
  await expect(planned).toHaveCount(3);
  expect(await planned.evaluateAll((items) => items.map((i) => i.getAttribute('data-action')))).toEqual(['CreateLoadBalancerTCPListener', 'SimSetClientPopulation', 'StartLoadBalancerListener']);
  await expect(planned.nth(0).getByTestId('cli-command')).toHaveText(
    `aliyun slb CreateLoadBalancerTCPListener --LoadBalancerId ${FRANKFURT.lb} --ListenerPort 8080 --BackendServerPort 8080 --Bandwidth -1 --Scheduler wrr --PersistenceTimeout 0 --HealthCheckSwitch on --HealthCheckInterval 2 --HealthyThreshold 3 --UnhealthyThreshold 3 --HealthCheckConnectTimeout 5`,
  );
  await expect(planned.nth(1).getByTestId('cli-command')).toContainText('aliyun slb SimSetClientPopulation ');
  await expect(planned.nth(1).getByTestId('cli-command')).toContainText('--ConnectionsPerSecond 200 ');
  await expect(planned.nth(1).getByTestId('cli-command')).toContainText('--force --version 2014-05-15');
  await expect(planned.nth(2).getByTestId('request-text')).toHaveText(/^POST \/api\/slb\/\?Action=StartLoadBalancerListener&Version=2014-05-15&Format=JSON\n {2}LoadBalancerId=lb-gw8frankfurt0001\n {2}ListenerPort=8080$/);

  slb.actions.length = 0;
  await slb.submit();
  await expect(slb.drawer.getByTestId('console-notice')).toHaveText(/Created TCP :8080 and started it\./);
  const startedAtUs = await simTimeUs(page);
  expect(slb.actions.filter((a) => !/^(Sim)?Describe/.test(a)).slice(0, 3)).toEqual(['CreateLoadBalancerTCPListener', 'SimSetClientPopulation', 'StartLoadBalancerListener']);
  await expect.poll(() => slb.listeners()).toEqual(['tcp:443:running', 'tcp:8080:running']);
  expect(await apiListenerPorts(page, FRANKFURT.lb)).toEqual([443, 8080]);
  await slb.close();

  // The topology shows the new listener in its own colour.
  expect(await legendSwatch(page, 'TCP :8080')).toBe(`rgb(${SECOND_LISTENER_RGB.join(', ')})`);
  expect(await legendSwatch(page, 'TCP :443')).toBe(`rgb(${FIRST_LISTENER_RGB.join(', ')})`);

  // One simulated second after the start, its dots are on the way, and one of them ends at a backend of the two.
  await app.pause();
  await page.evaluate((t) => (window as unknown as { __slb: { runUntil(us: number): Promise<unknown> } }).__slb.runUntil(t), startedAtUs + 1_000_000);
  await expect.poll(async () => (await findDots(page, SECOND_LISTENER_RGB)).length).toBeGreaterThan(0);
  const box = (await page.getByTestId('traffic-overlay').boundingBox())!;
  const journey = page.getByTestId('journey');
  // Both listeners' dots run on the same LVS → ECS links, so a click may select a :443 connection
  // under the :8080 dot: try the dots of the new colour until one's journey is the new listener's.
  let found = false;
  for (const dot of await findDots(page, SECOND_LISTENER_RGB)) {
    await page.mouse.click(box.x + dot.x, box.y + dot.y);
    await expect(page.getByRole('tab', { name: 'Journey' })).toHaveAttribute('aria-selected', 'true');
    // The journey is rebuilt by replay in the worker: allow a loaded machine its time. A dot may be
    // a SYN still on its way to LVS (nothing scheduled yet): then the next dot.
    await expect(journey.locator('[data-event]').first()).toBeVisible({ timeout: 60_000 });
    const schedule = journey.locator('[data-event="schedule"]');
    if ((await schedule.count()) === 0) continue;
    if (!/wrr chose i-gw8web[12]/.test(await schedule.first().innerText())) continue;
    await expect(journey.locator('[data-event="fullnat"]').first()).toContainText(/:8080 becomes /);
    found = true;
    break;
  }
  expect(found, 'a dot of the new listener leads to a connection it scheduled (wrr) onto one of the two backends').toBe(true);
  // The test's own pixel readbacks make Chromium suggest willReadFrequently; nothing else may be logged.
  expect(app.consoleProblems.filter((line) => !/willReadFrequently/.test(line))).toEqual([]);
});

test("an out-of-range health-check interval shows the API's error next to the field and creates nothing", async ({ page }) => {
  const app = new AppPage(page);
  await app.open(`?example=${FRANKFURT.example}`);
  const slb = new ConsolePage(page);
  await slb.open();
  const before = await slb.listeners();
  await slb.fillTcpListener({ port: 8081, backendPort: 8080, interval: '99', connectionsPerSecond: '50' });
  slb.actions.length = 0;
  await slb.submit();

  // Back on the health-check step, the interval field focused, the API's Code and Message under it.
  const interval = slb.wizard.getByLabel('Interval (s)', { exact: true });
  await expect(interval).toBeFocused();
  await expect(interval).toHaveAttribute('aria-invalid', 'true');
  const error = slb.wizard.locator('#wizard-HealthCheckInterval-error');
  await expect(error).toHaveAttribute('role', 'alert');
  await expect(error).toContainText('InvalidParameter');
  await expect(error).toContainText('The specified parameter "HealthCheckInterval" is not valid');
  await expect(interval).toHaveAttribute('aria-describedby', /wizard-HealthCheckInterval-error/);
  await expect(slb.wizard.getByRole('heading', { name: /Health check/ })).toBeVisible();

  // Only the create was sent, and nothing changed.
  expect(slb.actions.filter((a) => !/^(Sim)?Describe/.test(a))).toEqual(['CreateLoadBalancerTCPListener']);
  expect(await apiListenerPorts(page, FRANKFURT.lb)).toEqual([443]);
  expect(await slb.listeners()).toEqual(before);

  // Fixing the field and sending again works.
  await interval.fill('5');
  await slb.wizard.getByRole('button', { name: /6\. Review/ }).click();
  await slb.submit();
  await expect(slb.drawer.getByTestId('console-notice')).toHaveText(/Created TCP :8081/);
  await expect.poll(() => slb.listeners()).toEqual(['tcp:443:running', 'tcp:8081:running']);
  expect(app.consoleProblems.filter((line) => !/status of 400/.test(line))).toEqual([]);
});

test("stopping a listener stops its new connections: its open connections drain to 0 and stay there while the other listener's go on", async ({ page }) => {
  const app = new AppPage(page);
  await app.open(`?example=${FRANKFURT.example}&speed=5`);
  const slb = new ConsolePage(page);
  await slb.open();
  await slb.fillTcpListener({ port: 8080, backendPort: 8080, connectionsPerSecond: '100' });
  await slb.submit();
  await expect.poll(() => slb.listeners()).toEqual(['tcp:443:running', 'tcp:8080:running']);

  // Running: new connections counted and growing.
  await expect.poll(() => slb.newConnections(8080), { timeout: 60_000 }).toBeGreaterThan(0);
  const running = await slb.newConnections(8080);
  await expect.poll(() => slb.activeConnections(8080), { timeout: 60_000 }).toBeGreaterThan(0);
  await expect.poll(() => slb.newConnections(8080), { timeout: 60_000 }).toBeGreaterThan(running);

  await slb.row(8080).getByRole('button', { name: 'Stop TCP :8080' }).click();
  await expect(slb.row(8080)).toHaveAttribute('data-status', 'stopped');
  await expect(slb.row(8080).getByTestId('listener-status')).toHaveText('stopped');

  // Its open connections finish and no new one is established, while the other listener's traffic goes on.
  await expect.poll(() => slb.activeConnections(8080), { timeout: 60_000 }).toBe(0);
  expect(await slb.activeConnections(443)).toBeGreaterThan(0);

  // It stays without an established connection for several simulated seconds: no new connection is let through.
  // (Its NewConnection total keeps counting the clients' unanswered attempts, as the API's metric defines it.)
  const stoppedAt = await simTimeUs(page);
  const readings: number[] = [];
  while ((await simTimeUs(page)) < stoppedAt + 6_000_000) {
    readings.push(await slb.activeConnections(8080));
    await page.waitForTimeout(200);
  }
  expect(readings.length).toBeGreaterThan(3);
  expect(readings.every((active) => active === 0)).toBe(true);
  expect(await slb.activeConnections(443)).toBeGreaterThan(0);

  // Started again, it takes connections again.
  await slb.row(8080).getByRole('button', { name: 'Start TCP :8080' }).click();
  await expect(slb.row(8080)).toHaveAttribute('data-status', 'running');
  await expect.poll(() => slb.activeConnections(8080), { timeout: 60_000 }).toBeGreaterThan(0);
  expect(app.consoleProblems).toEqual([]);
});

test('deleting a listener asks first and can be undone: it comes back with its traffic, running', async ({ page }) => {
  const app = new AppPage(page);
  await app.open(`?example=${FRANKFURT.example}`);
  const slb = new ConsolePage(page);
  await slb.open();
  await slb.fillTcpListener({ port: 8080, backendPort: 8080, connectionsPerSecond: '30' });
  await slb.submit();
  await expect.poll(() => slb.listeners()).toEqual(['tcp:443:running', 'tcp:8080:running']);

  await slb.row(8080).getByRole('button', { name: 'Delete TCP :8080' }).click();
  // Cancel is focused: Enter does not destroy.
  await expect(slb.drawer.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await slb.drawer.getByRole('button', { name: 'Confirm: delete TCP :8080' }).click();
  await expect.poll(() => slb.listeners()).toEqual(['tcp:443:running']);
  expect(await apiListenerPorts(page, FRANKFURT.lb)).toEqual([443]);

  // Focus waits on Undo (the row and its buttons are gone): Enter undoes.
  await expect(slb.drawer.getByRole('button', { name: 'Undo delete TCP :8080' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(slb.drawer.getByTestId('console-notice')).toHaveText(/Restored TCP :8080 and started it\./);
  await expect.poll(() => slb.listeners()).toEqual(['tcp:443:running', 'tcp:8080:running']);

  await slb.drawer.getByRole('tab', { name: 'Traffic' }).click();
  const traffic = slb.drawer.locator('[data-testid="traffic-listener"][data-port="8080"]');
  await expect(traffic.getByLabel('New connections per second', { exact: true })).toHaveValue('30');
  expect(app.consoleProblems).toEqual([]);
});

test('a backend server removed from the default group asks first and comes back with Undo; a weight is changed in place', async ({ page }) => {
  const app = new AppPage(page);
  await app.open(`?example=${FRANKFURT.example}`);
  const slb = new ConsolePage(page);
  await slb.open();
  await slb.drawer.getByRole('tab', { name: 'Backend servers' }).click();
  const rows = slb.drawer.getByTestId('backend-row');
  await expect(rows).toHaveCount(2);

  await slb.drawer.getByLabel('Weight of i-gw8web2', { exact: true }).fill('40');
  await slb.drawer.getByRole('button', { name: 'Save weight of i-gw8web2' }).click();
  await expect(slb.drawer.getByTestId('console-notice')).toHaveText(/Weight of i-gw8web2 is now 40/);
  await expect(slb.drawer.getByLabel('Weight of i-gw8web2', { exact: true })).toHaveValue('40');

  await slb.drawer.getByRole('button', { name: 'Remove i-gw8web2' }).click();
  await slb.drawer.getByRole('button', { name: 'Confirm: remove i-gw8web2' }).click();
  await expect(rows).toHaveCount(1);
  await slb.drawer.getByRole('button', { name: 'Undo remove i-gw8web2' }).click();
  await expect(rows).toHaveCount(2);
  await expect(slb.drawer.getByLabel('Weight of i-gw8web2', { exact: true })).toHaveValue('40');
  expect(app.consoleProblems).toEqual([]);
});

test('the console is reachable and operable from the keyboard; Escape closes it', async ({ page }) => {
  const app = new AppPage(page);
  await app.open(`?example=${FRANKFURT.example}`);
  const button = page.getByRole('button', { name: 'Console', exact: true });
  await button.focus();
  await page.keyboard.press('Enter');
  const slb = new ConsolePage(page);
  await expect(slb.drawer.getByRole('heading', { name: 'SLB console' })).toBeFocused();
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  const listenersTab = slb.drawer.getByRole('tab', { name: 'Listeners' });
  await listenersTab.focus();
  await page.keyboard.press('ArrowRight');
  await expect(slb.drawer.getByRole('tab', { name: 'Backend servers' })).toBeFocused();
  await expect(slb.drawer.getByRole('tab', { name: 'Backend servers' })).toHaveAttribute('aria-selected', 'true');
  // Typing in the console does not drive the app's single-key shortcuts (Space would pause).
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Pause' })).toBeEnabled();
  await page.keyboard.press('Escape');
  await expect(slb.drawer).toHaveCount(0);
  await expect(button).toBeFocused();
  expect(app.consoleProblems).toEqual([]);
});

test("the traffic tab sets an HTTP listener's clients through the API: think time live, a new request mix under a new population ID, each request previewed; no serious axe violation", async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?example=l7-rules');
  const slb = new ConsolePage(page);
  await slb.open();
  await slb.drawer.getByRole('tab', { name: 'Traffic' }).click();
  const section = slb.drawer.locator('[data-testid="traffic-listener"][data-port="80"]');
  const form = section.getByTestId('population-form');

  // The running population: think time changes live; its request mix is shown but fixed for the run.
  await expect(form.getByLabel('Request mix (Http, JSON)', { exact: true })).toHaveValue(/"mix":\[/);
  await expect(form.getByLabel('Request mix (Http, JSON)', { exact: true })).toHaveAttribute('readonly', '');
  await form.getByLabel('Think time between exchanges (ms)', { exact: true }).fill('250');
  await form.getByTestId('request-details').locator('summary').click();
  await expect(form.getByTestId('cli-command')).toContainText('aliyun slb SimSetClientPopulation --LoadBalancerId lb-bp1l7rules00001 --PopulationId browsers ');
  await expect(form.getByTestId('cli-command')).toContainText('--ThinkTimeMs 250 ');
  // The drawer as it stands (fields, hints, open preview) has no serious or critical axe violation.
  const axe = await new AxeBuilder({ page }).include('[role="dialog"]').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  slb.actions.length = 0;
  await form.getByRole('button', { name: 'Save population browsers' }).click();
  await expect(slb.drawer.getByTestId('console-notice')).toHaveText(/Clients of population browsers set\./);
  expect(slb.actions.filter((a) => !/^(Sim)?Describe/.test(a))).toEqual(['SimSetClientPopulation']);

  // Another mix: remove the population, then send clients under a new ID with the new mix.
  await form.getByRole('button', { name: 'Remove population browsers' }).click();
  await slb.drawer.getByRole('button', { name: 'Confirm: remove population browsers' }).click();
  await expect(section.getByText('No simulated clients.')).toBeVisible();
  await form.getByLabel('Population ID (optional)', { exact: true }).fill('uploads');
  await form.getByLabel('New connections per second', { exact: true }).fill('20');
  await form.getByLabel('Request mix (Http, JSON)', { exact: true }).fill('{"mix":[{"weight":3,"path":"/api/*"},{"weight":1,"method":"POST","path":"/upload"}]}');
  await form.getByRole('button', { name: 'Send clients to :80' }).click();
  await expect(slb.drawer.getByTestId('console-notice')).toHaveText(/Clients of :80 set\./);
  const described = await page.evaluate(async () => {
    const response = await fetch('/api/slb/?Action=SimDescribeClientPopulations&Version=2014-05-15&LoadBalancerId=lb-bp1l7rules00001&ListenerPort=80');
    return ((await response.json()) as { ClientPopulations: { ClientPopulation: { PopulationId: string; Http: string }[] } }).ClientPopulations.ClientPopulation;
  });
  expect(described.map((p) => p.PopulationId)).toEqual(['uploads']);
  expect((JSON.parse(described[0]!.Http) as { mix: { path: string }[] }).mix.map((k) => k.path)).toEqual(['/api/*', '/upload']);
  expect(app.consoleProblems).toEqual([]);
});
