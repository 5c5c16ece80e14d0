import { expect, test } from '@playwright/test';
import { AppPage } from './app.page';
import type { SimControls } from '../src/app/sim-client';

type Slb = { __slb: SimControls };

test('an LVS crash from the node menu: the failover report counts survivors and broken connections; a broken one opens its journey ending in RST; clearing restores the node', async ({ page }) => {
  test.setTimeout(180_000);
  const app = new AppPage(page);
  await app.open('?example=l4-failover&paused');
  await page.evaluate(() => (window as unknown as Slb).__slb.runUntil(8_000_000));
  await expect(page.getByTestId('sim-time')).toHaveText('8.000 s');
  const lvs1 = page.getByTestId('node-lvs').nth(0);
  await lvs1.click({ button: 'right' });
  await page.getByRole('menu', { name: 'Faults: LVS-1' }).getByRole('menuitem', { name: /^Crash/ }).click();
  await expect(lvs1).toHaveAttribute('data-failed', 'true');

  // Past the route withdrawal, so the moved flows have met their new nodes.
  await page.evaluate(() => (window as unknown as Slb).__slb.runUntil(30_000_000));
  await page.getByRole('tab', { name: 'Failover' }).click();
  const card = page.getByRole('article', { name: /crash lvs-1/ });
  await expect(card).toBeVisible();
  await expect(card.getByTestId('failover-survived')).not.toHaveText('0');
  await expect(card.getByTestId('failover-broken')).not.toHaveText('0');
  await expect(card).toContainText(/by the router \(route withdrawn\)/);

  // A broken connection's example opens its journey, which ends in the LVS reset and its reason.
  const line = card.getByTestId('failover-broken-line').filter({ hasText: /not yet synced|handshake not finished|synced copy expired/ }).first();
  await line.getByRole('button').first().click();
  await expect(page.getByRole('tab', { name: 'Journey' })).toHaveAttribute('aria-selected', 'true');
  const journey = page.getByTestId('journey');
  const entries = journey.locator('[data-event]');
  await expect(entries.last()).toHaveAttribute('data-event', 'outcome', { timeout: 60_000 });
  await expect(entries.last()).toContainText(/failover_(unsynced|handshake)|synced_session_expired/);
  await expect(journey.locator('[data-event="reset"]').last()).toContainText(/RST|reset/i);

  // Clearing the fault (the menu's Recover) restores the node, and the report says when it ended.
  await lvs1.click({ button: 'right' });
  await page.getByRole('menu', { name: 'Faults: LVS-1' }).getByRole('menuitem', { name: /^Recover/ }).click();
  await expect(lvs1).toHaveAttribute('data-failed', 'false');
  await page.getByRole('tab', { name: 'Failover' }).click();
  await expect(card.getByText('30 s', { exact: true })).toBeVisible();
  expect(app.consoleProblems).toEqual([]);
});
