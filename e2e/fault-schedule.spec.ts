import { expect, test } from '@playwright/test';
import { AppPage } from './app.page';
import type { SimControls } from '../src/app/sim-client';

const runUntil = (simTimeUs: number) => (window as unknown as { __slb: SimControls }).__slb.runUntil(simTimeUs);

test.setTimeout(90_000);

test('the fault schedule editor adds a timed crash, refuses an invalid row by the scenario rules, and Undo restores the schedule', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.open('?example=l4-failover&paused');
  // Keyboard reachable: the button next to "Clear all faults" opens the editor.
  const openButton = page.getByRole('button', { name: 'Fault schedule…' });
  await openButton.focus();
  await page.keyboard.press('Enter');
  const editor = page.getByRole('dialog', { name: 'Fault schedule' });
  await expect(editor.getByTestId('schedule-row')).toHaveCount(2);
  await expect(editor.getByLabel('Fault 1 kind')).toHaveValue('crash');
  await expect(editor.getByLabel('Fault 1 target')).toHaveValue('lvs-2');

  // Add: crash lvs-1 at 2 s for 5 s.
  await editor.getByRole('button', { name: 'Add fault' }).click();
  await expect(editor.getByTestId('schedule-row')).toHaveCount(3);
  await editor.getByLabel('Fault 3 start (s)').fill('2');
  await editor.getByLabel('Fault 3 duration (s)').fill('5');
  await editor.getByLabel('Fault 3 kind').selectOption('crash');
  await editor.getByLabel('Fault 3 target').selectOption('lvs-1');
  await editor.getByTestId('schedule-apply').click();
  await expect(editor.getByTestId('schedule-status')).toContainText('Applied 3 scheduled faults');
  // Rows are reordered by time: the new crash comes first.
  await expect(editor.getByLabel('Fault 1 target')).toHaveValue('lvs-1');
  await expect(page.getByTestId('sim-time')).toHaveText('0 µs');

  const bar = page.locator('[data-testid="fault-bar"][data-action="crash"][data-target="lvs-1"]');
  await expect(bar).toHaveAttribute('data-source', 'schedule');
  await expect(bar).toHaveAccessibleName('crash lvs-1: from 2.0 s to 7.0 s (its duration ran out)');

  // An invalid row: the field and the rule, and nothing applied.
  await editor.getByRole('button', { name: 'Add fault' }).click();
  await editor.getByLabel('Fault 4 start (s)').fill('3');
  await editor.getByLabel('Fault 4 target').selectOption({ label: 'other (type it)…' });
  await editor.getByLabel('Fault 4 target (typed)').fill('lvs-99');
  await editor.getByTestId('schedule-apply').click();
  // Apply sorts by time first, so the row at 3 s is faults[1]: the error names it there.
  await expect(editor.getByTestId('schedule-errors')).toHaveText('faults[1].target: must name an LVS node lvs-1…lvs-4');
  await expect(editor.getByLabel('Fault 2 target (typed)')).toHaveValue('lvs-99');
  await expect(editor.getByLabel('Fault 2 target (typed)')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('[data-testid="fault-bar"][data-target="lvs-99"]')).toHaveCount(0);
  await expect(editor.getByTestId('schedule-row')).toHaveCount(4);
  // Text in a number field is refused by the schema, again by field.
  await editor.getByLabel('Fault 2 target (typed)').fill('lvs-3');
  await editor.getByLabel('Fault 2 duration (s)').fill('soon');
  await editor.getByTestId('schedule-apply').click();
  await expect(editor.getByTestId('schedule-errors')).toContainText('faults[1].durationS:');
  await editor.getByRole('button', { name: 'Remove fault 2' }).click();
  await expect(editor.getByTestId('schedule-row')).toHaveCount(3);
  await page.keyboard.press('Escape');
  await expect(editor).toBeHidden();
  await expect(openButton).toBeFocused();

  // The run passes 2 s: LVS-1 fails; at 7 s its duration has run out.
  const lvs1 = page.getByTestId('node-lvs').nth(0);
  await page.evaluate(runUntil, 2_500_000);
  await expect(lvs1).toHaveAttribute('data-failed', 'true');
  await page.evaluate(runUntil, 7_500_000);
  await expect(lvs1).toHaveAttribute('data-failed', 'false');

  // Undo: the schedule from before Apply, the run restarted.
  await openButton.click();
  await editor.getByTestId('schedule-undo').click();
  await expect(editor.getByTestId('schedule-status')).toContainText('Restored the previous schedule (2 faults)');
  await expect(editor.getByTestId('schedule-row')).toHaveCount(2);
  await expect(bar).toHaveCount(0);
  await expect(page.locator('[data-testid="fault-bar"][data-action="crash"][data-target="lvs-2"]')).toBeVisible();
  await expect(editor.getByTestId('schedule-undo')).toBeDisabled();
  expect(app.consoleProblems).toEqual([]);
});

test('the node menu applies a fault for N seconds and injects link faults; a faulted link shows its look', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?example=l4-failover&paused');
  await page.evaluate(runUntil, 3_000_000);
  const lvs1 = page.getByTestId('node-lvs').nth(0);

  // Crash LVS-1 for 2 s from the menu: the bar ends when its duration runs out.
  await lvs1.click({ button: 'right' });
  await page.getByTestId('fault-duration').fill('2');
  await page
    .getByRole('menu', { name: 'Faults: LVS-1' })
    .getByRole('menuitem', { name: /^Crash/ })
    .click();
  await expect(lvs1).toHaveAttribute('data-failed', 'true');
  const bar = page.locator('[data-testid="fault-bar"][data-action="crash"][data-target="lvs-1"]');
  await expect(bar).toHaveAccessibleName('crash lvs-1 (live): from 3.0 s to 5.0 s (its duration ran out)');

  // A bad duration is refused before anything is sent.
  await page
    .locator('.react-flow__node')
    .filter({ has: page.getByText('LVS-2', { exact: true }) })
    .focus();
  await page.keyboard.press('Shift+F10');
  await page.getByTestId('fault-duration').fill('-1');
  await page
    .getByRole('menu', { name: 'Faults: LVS-2' })
    .getByRole('menuitem', { name: /^Crash/ })
    .click();
  await expect(page.getByTestId('fault-error')).toContainText('durationS: must be a number of seconds > 0');
  await page.keyboard.press('Escape');

  // The keyboard path to a link: Shift+F10 on the router, down to its links, → opens one, Enter injects.
  await page
    .locator('.react-flow__node')
    .filter({ has: page.getByText('ECMP router', { exact: true }) })
    .focus();
  await page.keyboard.press('Shift+F10');
  const links = page.getByRole('menu', { name: /^Links: / });
  const firstLink = links.getByRole('menuitem').first();
  await expect(firstLink).toHaveAttribute('data-link', 'router->lvs-1');
  await firstLink.focus();
  await page.keyboard.press('ArrowRight');
  const loss = page.getByRole('menuitem', { name: 'Loss 20% (both ways)' });
  await expect(loss).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('fault-menu')).toBeHidden();
  const faulted = page.locator('.react-flow__edge.edge-link-fault');
  await expect(faulted).toHaveCount(1);
  await expect(faulted).toContainText('loss 20%');
  await expect(page.locator('[data-testid="fault-bar"][data-action="link-loss"][data-target="router->lvs-1"]')).toBeVisible();

  // Latency on the same link joins the label; heal ends both.
  await page
    .locator('.react-flow__node')
    .filter({ has: page.getByText('ECMP router', { exact: true }) })
    .click({ button: 'right' });
  await page.getByTestId('link-added-ms').fill('50');
  await links.getByRole('menuitem').first().click();
  await page.getByRole('menuitem', { name: 'Latency +50 ms' }).click();
  await expect(faulted).toContainText('loss 20% · +50 ms');
  await page
    .locator('.react-flow__node')
    .filter({ has: page.getByText('ECMP router', { exact: true }) })
    .click({ button: 'right' });
  await links.getByRole('menuitem').first().click();
  await page.getByRole('menuitem', { name: 'Heal the link' }).click();
  await expect(faulted).toHaveCount(0);
  expect(app.consoleProblems).toEqual([]);
});

for (const motion of ['no-preference', 'reduce'] as const) {
  test(`a node flashes where failures happen, keyed on what changed between frames (motion: ${motion})`, async ({ page }) => {
    await page.emulateMedia({ reducedMotion: motion });
    const app = new AppPage(page);
    await app.open('?example=l4-failover&paused');
    await page.evaluate(runUntil, 2_000_000);
    // Record every flash (they last under a second) on the nodes' wrappers.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { __flashes: string[] }).__flashes = seen;
      new MutationObserver((records) => {
        for (const r of records) {
          const element = r.target as HTMLElement;
          if (element.dataset['flash']) seen.push(`${element.textContent?.slice(0, 6) ?? ''}:${element.dataset['flash']}`);
        }
      }).observe(document.querySelector('.react-flow__nodes')!, { attributes: true, subtree: true, attributeFilter: ['data-flash'] });
    });
    const ecs1 = page.getByTestId('node-ecs').filter({ hasText: 'i-ecs1' });
    await ecs1.click({ button: 'right' });
    await page.getByRole('menu', { name: 'Faults: i-ecs1' }).getByRole('menuitem', { name: 'Backend refusing connections' }).click();
    await page.evaluate(runUntil, 4_000_000);
    await expect.poll(() => page.evaluate(() => (window as unknown as { __flashes: string[] }).__flashes)).toContain('i-ecs1:failure');
    expect(app.consoleProblems).toEqual([]);
  });
}

test('right-clicking a link opens its faults: the menu of the node it leaves, that link opened', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?paused');
  // The middle of a link between two tiers (a straight line: its box may have no height, so click by coordinates).
  const edge = page.locator('.react-flow__edge .react-flow__edge-interaction').nth(1);
  const box = await edge.evaluate((path) => {
    const r = path.getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  });
  await page.mouse.click(box.x, box.y, { button: 'right' });
  const opened = page.locator('[data-link][aria-expanded="true"]');
  await expect(opened).toHaveCount(1);
  const target = (await opened.getAttribute('data-link'))!;
  await page.getByRole('menuitem', { name: 'Loss 20% (both ways)' }).click();
  await expect(page.getByTestId('fault-menu')).toBeHidden();
  await expect(page.locator('.react-flow__edge.edge-link-fault')).toHaveCount(1);
  await expect(page.locator(`[data-testid="fault-bar"][data-action="link-loss"][data-target="${target}"]`)).toBeVisible();
  expect(app.consoleProblems).toEqual([]);
});
