import { expect, test } from '@playwright/test';
import { AppPage } from './app.page';

test('an LVS crash from the node menu: the Failover tab counts survivors and broken connections, an example opens its journey, recover restores the node', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?example=l4-failover&paused');
  await app.runUntil(5_000_000);
  // Before any fault: the tab explains how to inject one.
  await page.keyboard.press('6');
  await expect(page.getByRole('tab', { name: 'Failover' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('failover-empty')).toContainText('right-click a node');

  const lvs1 = page.getByTestId('node-lvs').nth(0);
  await app.faultMenuItem(lvs1, 'Faults: LVS-1', /^Crash/);
  await expect(lvs1).toHaveAttribute('data-failed', 'true');
  const card = page.locator('[data-testid="failover-card"][data-action="crash"][data-target="lvs-1"]');
  await expect(card).toBeVisible();
  await expect(card.getByTestId('failover-ended')).toHaveText('active');

  // Past the route withdrawal (12 s after the crash): connections moved to other nodes broke or survived.
  await app.runUntil(25_000_000);
  await expect(card.getByTestId('failover-detected')).toHaveText(/at 17\.0 s by the router/);
  await expect.poll(async () => Number(await card.getByTestId('failover-survived').getAttribute('data-count'))).toBeGreaterThan(0);
  await expect.poll(async () => Number(await card.getByTestId('failover-broken').getAttribute('data-count'))).toBeGreaterThan(0);
  const unsynced = card.locator('[data-testid="failover-outcome"][data-outcome="failover_unsynced"]');
  await expect(unsynced).toContainText('no synced copy of its session');

  // The timeline marks when the crash was detected; the marker says so.
  const marker = page.locator('[data-testid="failover-marker"][data-kind="detected"][data-target="lvs-1"]');
  await expect(marker).toHaveAccessibleName('crash lvs-1: detected by the router (route withdrawn) at 17.0 s');

  // A broken example → its journey: it ends in the RST the client received, and says why.
  // (An unsynced one may still show sync records arriving for it after its end; a handshake one ends at the RST.)
  const handshake = card.locator('[data-testid="failover-outcome"][data-outcome="failover_handshake"]');
  await expect(handshake).toContainText('no session for it mid-handshake');
  const example = handshake.getByTestId('failover-example').first();
  const id = (await example.innerText()).replace('#', '');
  await example.click();
  await expect(page.getByRole('tab', { name: 'Journey' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('heading', { name: `Connection #${id}` })).toBeVisible();
  const last = page.getByTestId('journey').getByRole('listitem').last();
  await expect(last).toHaveAttribute('data-event', 'outcome');
  await expect(last).toContainText('failover_handshake: RST received');
  await expect(page.getByTestId('journey').locator('[data-event="reset"]').last()).toContainText('flow moved before its handshake completed); RST');

  // The marker opens the Failover tab at the card.
  await marker.click();
  await expect(page.getByRole('tab', { name: 'Failover' })).toHaveAttribute('aria-selected', 'true');
  await expect(card).toBeVisible();

  // Recover from the same menu: the node is back and the card says when the fault ended.
  await app.faultMenuItem(lvs1, 'Faults: LVS-1', /^Recover/);
  await expect(lvs1).toHaveAttribute('data-failed', 'false');
  await expect(card.getByTestId('failover-ended')).toHaveText('25.0 s');
  expect(app.consoleProblems).toEqual([]);
});

test('Compare… runs baseline and variant side by side and highlights what differs; a bad value names the field and the rule', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?example=l4-failover&paused');
  await app.runUntil(24_000_000);
  await page.getByRole('tab', { name: 'Failover' }).click();
  await page.getByRole('button', { name: 'Compare…' }).click();
  const form = page.getByRole('form', { name: 'Compare settings' });
  await form.getByLabel('Setting to change').selectOption('withdrawal-delay');
  const value = form.getByLabel('Variant value');
  await value.fill('700');
  await form.getByRole('button', { name: 'Run comparison' }).click();
  await expect(form.getByRole('alert')).toHaveText('Route withdrawal delay: must be a number of seconds from 0 to 600');
  await expect(value).toHaveAttribute('aria-invalid', 'true');

  await value.fill('2');
  await form.getByRole('button', { name: 'Run comparison' }).click();
  const result = page.getByTestId('compare-result');
  await expect(result).toContainText('Baseline vs variant at 24.0 s');
  await expect(result).toContainText('cluster.withdrawalDelayS=2');
  await expect(result.getByTestId('compare-baseline-heading')).toHaveText('Baseline');
  await expect(result.getByTestId('compare-variant-heading')).toHaveText('Variant');
  // The scheduled crash of lvs-2 at 20 s: withdrawn after 2 s in the variant, not yet in the baseline.
  const detected = result.locator('[data-testid="compare-row"][data-label="detected at"]').first();
  await expect(detected.getByTestId('compare-baseline')).toHaveText('never');
  await expect(detected.getByTestId('compare-variant')).toHaveText('22.0 s');
  await expect(detected).toHaveAttribute('data-differs', 'true');
  // The baseline replays the live run: same seed, scenario and journal, same time → the same trace hash.
  await expect(result.getByTestId('compare-baseline-hash')).toHaveText(await app.traceHash());
  await expect(result.getByTestId('compare-variant-hash')).not.toHaveText(await app.traceHash());
  const opened = result.locator('[data-testid="compare-row"][data-label="opened"]');
  await expect(opened.getByTestId('compare-baseline')).toHaveText(/^\d+$/);
  expect(Number(await opened.getByTestId('compare-baseline').innerText())).toBeGreaterThan(0);

  // A long comparison shows its progress and can be cancelled.
  await form.getByLabel('Until (seconds; empty: now)').fill('3000');
  await form.getByRole('button', { name: 'Run comparison' }).click();
  await expect(form.getByRole('progressbar', { name: 'Comparison progress' })).toBeVisible();
  await form.getByRole('button', { name: 'Cancel' }).click();
  await expect(form.getByRole('status')).toHaveText('Cancelled.');
  await expect(form.getByRole('button', { name: 'Run comparison' })).toBeEnabled();
  expect(app.consoleProblems).toEqual([]);
});
