import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { exampleNames, examples } from '../src/scenario/examples';
import { gallery } from '../src/scenario/examples/gallery';
import type { SimControls } from '../src/app/sim-client';
import { AppPage } from './app.page';

/** The id of an example's (first) load balancer, as the console card shows it once the example runs. */
function loadBalancerId(name: string): string {
  return examples[name]!.loadBalancers![0]!.LoadBalancerId!;
}

async function openGallery(page: Page) {
  await page.getByRole('button', { name: 'Gallery' }).click();
  const dialog = page.getByRole('dialog', { name: 'Gallery' });
  await expect(dialog).toBeVisible();
  return dialog;
}

/** Console errors and uncaught exceptions (AppPage collects warnings too; those are not errors). */
function errors(app: AppPage): string[] {
  return app.consoleProblems.filter((line) => !line.startsWith('warning:'));
}

test('the gallery lists every example with a thumbnail, title and what to watch; Escape closes it and focus returns', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?paused');
  const dialog = await openGallery(page);
  const cards = dialog.getByTestId('gallery-card');
  await expect(cards).toHaveCount(exampleNames().length);
  for (const name of exampleNames()) {
    const card = dialog.locator(`[data-testid="gallery-card"][data-example="${name}"]`);
    await expect(card).toContainText(gallery[name]!.title);
    await expect(card).toContainText(gallery[name]!.watch[0]);
    await expect(card).toContainText(gallery[name]!.watch[1]);
    await expect(card).toContainText(name);
    const thumbnail = card.getByTestId('gallery-thumbnail');
    await expect(thumbnail).toBeVisible();
    // One mark per LVS node (standby included): the thumbnail is drawn from the scenario.
    const cluster = examples[name]!.cluster;
    await expect(thumbnail.locator('rect[data-role="lvs"]')).toHaveCount((cluster?.lvsNodes ?? 4) + (cluster?.standby?.lvsNodes ?? 0));
  }
  // The running example is marked.
  const running = dialog.getByRole('button', { name: gallery['default']!.title, exact: true });
  await expect(running).toHaveAttribute('aria-current', 'true');
  // It opens with the focus on the running example's card.
  await expect(running).toBeFocused();

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('button', { name: 'Gallery' })).toBeFocused();
  expect(errors(app)).toEqual([]);
});

test('choosing a card loads that example and sets ?example=', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?paused');
  const dialog = await openGallery(page);
  // A click anywhere on the card chooses it (the title's button covers the card).
  await dialog.locator('[data-testid="gallery-card"][data-example="l7-rules"]').click();
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(/[?&]example=l7-rules(&|$)/);
  await expect(page.getByTestId('lb-id')).toHaveText(loadBalancerId('l7-rules'));
  // The picker follows, and the Gallery button has the focus back.
  await expect(page.getByRole('combobox', { name: 'Scenario' })).toHaveValue('l7-rules');
  await expect(page.getByRole('button', { name: 'Gallery' })).toBeFocused();
  // Reopened, the gallery marks the new one as running.
  const again = await openGallery(page);
  await expect(again.getByRole('button', { name: gallery['l7-rules']!.title, exact: true })).toHaveAttribute('aria-current', 'true');
  // From the keyboard: the card's button takes Enter.
  await again.getByRole('button', { name: gallery['l4-acl']!.title, exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(again).toBeHidden();
  await expect(page).toHaveURL(/[?&]example=l4-acl(&|$)/);
  await expect(page.getByTestId('lb-id')).toHaveText(loadBalancerId('l4-acl'));
  // Close leaves the running example as it is.
  const third = await openGallery(page);
  await third.getByRole('button', { name: 'Close' }).click();
  await expect(third).toBeHidden();
  await expect(page).toHaveURL(/[?&]example=l4-acl(&|$)/);
  expect(errors(app)).toEqual([]);
});

test('the open gallery has no accessibility violations (axe)', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?paused');
  await openGallery(page);
  const results = await new AxeBuilder({ page }).include('dialog').analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.length} × ${v.help}`)).toEqual([]);
});

test('keys inside the gallery do not drive the run behind it', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?paused');
  const before = await app.eventCount();
  const dialog = await openGallery(page);
  // "s" steps one event and "5" switches the side tab when the app has the keyboard.
  await page.keyboard.press('s');
  await page.keyboard.press('5');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect(await app.eventCount()).toBe(before);
});

test('a deep link ?example=<name> opens that example', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?example=zone-outage&paused');
  await expect(page.getByTestId('lb-id')).toHaveText(loadBalancerId('zone-outage'));
  await expect(page.getByRole('combobox', { name: 'Scenario' })).toHaveValue('zone-outage');
  // 4 primary and 2 standby LVS nodes.
  await expect(page.getByTestId('node-lvs')).toHaveCount(6);
  await expect(page.getByTestId('url-problems')).toHaveCount(0);
  const dialog = await openGallery(page);
  await expect(dialog.getByRole('button', { name: gallery['zone-outage']!.title, exact: true })).toHaveAttribute('aria-current', 'true');
  expect(errors(app)).toEqual([]);
});

test.describe('every gallery example runs in the browser', () => {
  for (const name of exampleNames()) {
    test(`${name} runs 2 simulated seconds without errors`, async ({ page }) => {
      const app = new AppPage(page);
      await app.open(`?example=${name}&paused`);
      await expect(page.getByTestId('lb-id')).toHaveText(loadBalancerId(name));
      const summary = await page.evaluate(() => (window as unknown as { __slb: SimControls }).__slb.runUntil(2_000_000));
      expect(summary?.simTimeUs).toBe(2_000_000);
      expect(summary?.events ?? 0).toBeGreaterThan(0);
      await expect(page.getByTestId('sim-time')).toHaveText('2.000 s');
      await expect.poll(async () => Number((await page.getByTestId('connections').innerText()).split(' ')[0])).toBeGreaterThan(0);
      await expect(page.getByRole('alert')).toHaveCount(0);
      expect(errors(app)).toEqual([]);
    });
  }
});
