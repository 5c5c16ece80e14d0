import { expect, test } from '@playwright/test';
import { AppPage } from './app.page';
import type { SimControls } from '../src/app/sim-client';

test('a fault injected from a node menu shows the node failed and a bar on the timeline; clear all restores it', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?example=l4-failover&paused');
  await page.evaluate(() => (window as unknown as { __slb: SimControls }).__slb.runUntil(5_000_000));
  await expect(page.getByTestId('sim-time')).toHaveText('5.000 s');
  const lvs1 = page.getByTestId('node-lvs').nth(0);
  const lvs2 = page.getByTestId('node-lvs').nth(1);
  await expect(lvs1).toHaveAttribute('data-failed', 'false');
  // The scenario's own schedule is a bar already: crash lvs-2 at 20 s, recovered at 60 s.
  await expect(page.locator('[data-testid="fault-bar"][data-action="crash"][data-target="lvs-2"]')).toHaveAttribute('data-cleared', 'true');

  // Right-click → the LVS node's faults → Crash.
  await lvs1.click({ button: 'right' });
  const menu = page.getByRole('menu', { name: 'Faults: LVS-1' });
  await expect(menu.getByRole('menuitem')).toHaveText([/^Crash/, /^Hot upgrade/, /^Recover/, /^Partition/, /^Heal/, /^Zone cn-hangzhou-h down/, /^Zone cn-hangzhou-h up/]);
  await menu.getByRole('menuitem', { name: /^Crash/ }).click();
  await expect(menu).toBeHidden();
  await expect(lvs1).toHaveAttribute('data-failed', 'true');
  await expect(lvs1.getByTestId('failed-cross')).toBeVisible();
  // Crashed, its route not yet withdrawn: the router's edge to it says so; its sync edge is dashed as failed.
  await expect(page.locator('.react-flow__edge.edge-blackhole')).toHaveCount(1);
  const bar = page.locator('[data-testid="fault-bar"][data-action="crash"][data-target="lvs-1"]');
  await expect(bar).toHaveAttribute('data-source', 'live');
  await expect(bar).toHaveAttribute('data-cleared', 'false');
  await expect(bar).toHaveAccessibleName(/crash lvs-1 \(live\): from 5\.0 s, still in effect/);

  // The keyboard way: Shift+F10 on a focused node opens its menu; arrow keys and Enter choose.
  await page.locator('.react-flow__node').filter({ has: page.getByText('LVS-2', { exact: true }) }).focus();
  await page.keyboard.press('Shift+F10');
  const menu2 = page.getByRole('menu', { name: 'Faults: LVS-2' });
  await expect(menu2.getByRole('menuitem').first()).toBeFocused();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
  await expect(menu2.getByRole('menuitem', { name: /^Partition/ })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(lvs2).toHaveAttribute('data-partitioned', 'true');
  await expect(page.locator('.react-flow__edge.edge-partitioned')).toHaveCount(1);
  await expect(page.locator('[data-testid="fault-bar"][data-action="partition-sync"][data-target="lvs-2"]')).toBeVisible();

  // A second later, clear all: recover lvs-1, heal lvs-2's sync.
  await page.evaluate(() => (window as unknown as { __slb: SimControls }).__slb.runUntil(6_000_000));
  const clearAll = page.getByTestId('clear-all-faults');
  await expect(clearAll).toHaveText('Clear all faults (2)');
  await clearAll.click();
  await expect(lvs1).toHaveAttribute('data-failed', 'false');
  await expect(lvs2).not.toHaveAttribute('data-partitioned', 'true');
  await expect(clearAll).toBeDisabled();
  await expect(bar).toHaveAttribute('data-cleared', 'true');
  await expect(bar).toHaveAccessibleName(/from 5\.0 s to 6\.0 s \(ended by recover\)/);
  expect(app.consoleProblems).toEqual([]);
});

test("the inspector's Faults… button opens the same menu from the keyboard: a slow Key Server gets its badge, a crashed Tengine node is crossed out", async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?example=https-keyserver&paused');
  await page.evaluate(() => (window as unknown as { __slb: SimControls }).__slb.runUntil(2_000_000));
  const keyServer = page.getByTestId('node-keyserver').first();
  await keyServer.click();
  const open = page.getByTestId('inspector-faults');
  await open.focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu', { name: 'Faults: Key Server-1' });
  await expect(menu.getByRole('menuitem')).toHaveText(['Key Server down', 'Key Server slow', 'Key Server up (restore)', /^Zone .* down/, /^Zone .* up/]);
  // Escape closes the menu and gives focus back to the button that opened it.
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(open).toBeFocused();
  await page.keyboard.press('Enter');
  await menu.getByRole('menuitem', { name: 'Key Server slow' }).click();
  await expect(keyServer).toHaveAttribute('data-degraded', 'slow');
  await expect(keyServer.getByTestId('degraded-badge')).toHaveText('slow');

  const tengine = page.getByTestId('node-tengine').first();
  await tengine.click({ button: 'right' });
  await page.getByRole('menu', { name: 'Faults: Tengine-1' }).getByRole('menuitem', { name: 'Crash Tengine node' }).click();
  await expect(tengine).toHaveAttribute('data-failed', 'true');
  await expect(page.locator('[data-testid="fault-bar"][data-action="tengine-crash"][data-target="tengine-1"]')).toBeVisible();
  await expect(page.locator('[data-testid="fault-bar"][data-action="keyserver-slow"][data-target="keyserver-1"]')).toBeVisible();

  await page.getByTestId('clear-all-faults').click();
  await expect(tengine).toHaveAttribute('data-failed', 'false');
  await expect(keyServer).not.toHaveAttribute('data-degraded', 'slow');
  expect(app.consoleProblems).toEqual([]);
});

test('zone-outage: the standby cluster waits withdrawn; a zone down from a node menu fails the zone, the VIP moves 30 s later, zone up brings it back', async ({ page }) => {
  test.setTimeout(180_000);
  const app = new AppPage(page);
  await app.open('?example=zone-outage&paused');
  const run = (us: number) => page.evaluate((t) => (window as unknown as { __slb: SimControls }).__slb.runUntil(t), us);
  await run(5_000_000);
  const lvs = page.getByTestId('node-lvs');
  await expect(lvs).toHaveCount(6);
  // lvs-5 and lvs-6 stand in the secondary zone, up but not announcing the VIP.
  await expect(lvs.nth(4)).toHaveAttribute('data-withdrawn', 'true');
  await expect(lvs.nth(0)).not.toHaveAttribute('data-withdrawn', 'true');

  // The experiment's own outage is at 20 s; inject an earlier one from a primary node's menu instead.
  await lvs.nth(1).click({ button: 'right' });
  await page.getByRole('menu', { name: 'Faults: LVS-2' }).getByRole('menuitem', { name: /^Zone cn-hangzhou-h down/ }).click();
  for (const i of [0, 1, 2, 3]) await expect(lvs.nth(i)).toHaveAttribute('data-failed', 'true');
  await expect(page.getByTestId('node-ecs').first()).toHaveAttribute('data-failed', 'true');
  await run(34_000_000);
  await expect(lvs.nth(4)).toHaveAttribute('data-withdrawn', 'true');
  await run(36_000_000);
  await expect(lvs.nth(4)).not.toHaveAttribute('data-withdrawn', 'true');
  await expect(lvs.nth(4)).toHaveAttribute('data-failed', 'false');

  await lvs.nth(1).click({ button: 'right' });
  await page.getByRole('menu', { name: 'Faults: LVS-2' }).getByRole('menuitem', { name: /^Zone cn-hangzhou-h up/ }).click();
  await expect(lvs.nth(0)).toHaveAttribute('data-failed', 'false');
  await page.getByRole('tab', { name: 'Failover' }).click();
  await expect(page.getByRole('article', { name: /zone-down cn-hangzhou-h/ }).first()).toContainText(/the router \(route withdrawn\)/);
  expect(app.consoleProblems).toEqual([]);
});
