import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { AppPage } from './app.page';

test('loads with no console errors or warnings', async ({ page }) => {
  const app = new AppPage(page);
  await app.open();
  await expect.poll(() => app.eventCount()).toBeGreaterThan(0);
  await page.waitForTimeout(1000);
  expect(app.consoleProblems).toEqual([]);
});

test('the topology shows every SLB component of the default scenario', async ({ page }) => {
  const app = new AppPage(page);
  await app.open();
  const expected: Record<string, number> = {
    clients: 1,
    internet: 1,
    router: 1,
    lvs: 4,
    sync: 1,
    tengine: 2,
    keyserver: 1,
    ecs: 4,
    eip: 1,
    nat: 1,
    external: 1,
  };
  for (const [kind, count] of Object.entries(expected)) {
    await expect(page.getByTestId(`node-${kind}`), kind).toHaveCount(count);
  }
  // Four backends in two zones.
  const ecs = page.getByTestId('node-ecs');
  await expect(ecs.filter({ hasText: 'cn-hangzhou-h' })).toHaveCount(2);
  await expect(ecs.filter({ hasText: 'cn-hangzhou-i' })).toHaveCount(2);
});

test('dots move while playing and freeze on pause', async ({ page }) => {
  const app = new AppPage(page);
  await app.open();
  await expect.poll(() => app.overlayHasDots(), { timeout: 15_000 }).toBe(true);
  const first = await app.overlayPixels();
  await page.waitForTimeout(250);
  expect(await app.overlayPixels()).not.toBe(first);

  await app.pause();
  await page.waitForTimeout(200); // let the last frame land
  const frozen = await app.overlayPixels();
  const hashBefore = await app.traceHash();
  await page.waitForTimeout(600);
  expect(await app.overlayPixels()).toBe(frozen);
  expect(await app.traceHash()).toBe(hashBefore);
});

test('step advances exactly one event', async ({ page }) => {
  const app = new AppPage(page);
  await app.open();
  await expect.poll(() => app.eventCount()).toBeGreaterThan(0);
  await app.pause();
  const before = await app.eventCount();
  await page.getByRole('button', { name: 'Step' }).click();
  await expect.poll(() => app.eventCount()).toBe(before + 1);
  await page.keyboard.press('s');
  await expect.poll(() => app.eventCount()).toBe(before + 2);
});

test('the load balancer comes from the SLB API served by the MSW Service Worker', async ({ page }) => {
  const app = new AppPage(page);
  const apiResponse = page.waitForResponse((response) => response.url().includes('/api/slb/') && response.url().includes('DescribeLoadBalancers'));
  await app.open();
  const response = await apiResponse;
  expect(response.fromServiceWorker()).toBe(true);
  expect(response.status()).toBe(200);
  await expect(page.getByTestId('lb-id')).toHaveText('lb-bp1default0001');
  await expect(page.getByTestId('lb-address')).toHaveText('47.100.10.10');
});

test('the browser worker and the Node CLI agree on the trace hash for the same seed and duration', async ({ page }) => {
  const app = new AppPage(page);
  await app.open();
  const cli = (seed: number) =>
    JSON.parse(execFileSync('npx', ['tsx', 'src/cli/main.ts', 'run', 'default', '--seed', String(seed), '--duration', '5s', '--json'], { encoding: 'utf8' })) as {
      traceHash: string;
      events: number;
    };

  await app.runFromStart(7, 5_000_000);
  const browser7 = { traceHash: await app.traceHash(), events: await app.eventCount() };
  const node7 = cli(7);
  expect(browser7).toEqual({ traceHash: node7.traceHash, events: node7.events });

  await app.runFromStart(8, 5_000_000);
  expect(await app.traceHash()).toBe(cli(8).traceHash);
  expect(await app.traceHash()).not.toBe(node7.traceHash);
});
