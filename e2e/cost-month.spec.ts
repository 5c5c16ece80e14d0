import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { AppPage } from './app.page';

/** Serious and critical axe violations inside `selector`, one line each. */
async function seriousViolations(page: Page, selector: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include(selector).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Opens the cost tab of a paused run at 3 s and unfolds the daily profile editor. */
async function openEditor(page: Page): Promise<AppPage> {
  const app = new AppPage(page);
  await app.open('?paused');
  await app.runFromStart(1, 3_000_000);
  await expect(page.getByTestId('sim-time')).toHaveText('3.000 s');
  await page.getByRole('tab', { name: 'Cost' }).click();
  await expect(page.getByTestId('cost-total')).toBeVisible();
  await page.getByText('Daily profile of the client traffic').click();
  await expect(page.getByTestId('daily-profile-editor')).toBeVisible();
  return app;
}

test('an hour of the daily profile is edited, applied as a journal entry and undone with Ctrl+Z', async ({ page }) => {
  await openEditor(page);
  const editor = page.getByTestId('daily-profile-editor');
  const hour = editor.getByLabel('14:00–15:00 multiplier');
  await expect(hour).toHaveValue('1');
  const apply = editor.getByRole('button', { name: 'Apply profile' });
  await expect(apply).toBeDisabled();

  // A bad value is flagged next to the field, with the rule, and cannot be applied.
  await hour.fill('1200');
  await expect(editor.getByRole('alert')).toHaveText('dailyProfile.14 (14:00–15:00): must be 0–1000');
  await expect(hour).toHaveAttribute('aria-invalid', 'true');
  await expect(apply).toBeDisabled();

  await hour.fill('0.25');
  await expect(editor.getByRole('alert')).toHaveCount(0);
  await apply.click();
  await expect(page.getByTestId('journal-entries')).toHaveText('1 change in the journal');
  await expect(page.getByTestId('undo-redo').getByRole('button', { name: 'Undo SimSetClientPopulation' })).toBeEnabled();
  // Read back from the API: the applied value stays, and nothing is left to apply.
  await expect(hour).toHaveValue('0.25');
  await expect(apply).toBeDisabled();

  // Ctrl+Z from outside a field takes it back; the editor reads the flat day again.
  await page.getByRole('heading', { name: 'Cost estimate' }).click();
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('journal-entries')).toHaveText('0 changes in the journal');
  await expect(hour).toHaveValue('1');
  await expect(page.getByTestId('undo-redo').getByRole('button', { name: 'Redo SimSetClientPopulation' })).toBeEnabled();
});

test('a preset fills the day; Reset puts back the applied profile', async ({ page }) => {
  await openEditor(page);
  const editor = page.getByTestId('daily-profile-editor');
  await editor.getByRole('button', { name: 'Night batch' }).click();
  await expect(editor.getByLabel('02:00–03:00 multiplier')).toHaveValue('1');
  await expect(editor.getByLabel('14:00–15:00 multiplier')).toHaveValue('0.05');
  await expect(page.getByTestId('daily-profile-chart')).toHaveAttribute('aria-label', /busiest 01:00–02:00 at 1, quietest 06:00–07:00 at 0\.05/);
  await editor.getByRole('button', { name: 'Reset' }).click();
  await expect(editor.getByLabel('14:00–15:00 multiplier')).toHaveValue('1');
  await expect(page.getByTestId('journal-entries')).toHaveText('0 changes in the journal');
});

test('Estimate a month prices 30 days of the configuration in force, beside the run\'s projection, and leaves the run as it was', async ({ page }) => {
  await openEditor(page);
  const editor = page.getByTestId('daily-profile-editor');
  await editor.getByRole('button', { name: 'Office hours' }).click();
  await editor.getByRole('button', { name: 'Apply profile' }).click();
  await expect(page.getByTestId('journal-entries')).toHaveText('1 change in the journal');
  const hash = await page.getByTestId('trace-hash').innerText();

  const month = page.getByTestId('month-estimate');
  await month.getByRole('button', { name: 'Estimate a month' }).click();
  // The flow model calibrates on packet samples first: seconds of wall time, more on a busy machine.
  const total = month.getByTestId('month-total');
  await expect(total).toBeVisible({ timeout: 170_000 });
  expect(Number(await total.getAttribute('data-total'))).toBeGreaterThan(0);
  await expect(month.getByTestId('month-basis')).toHaveText(
    /^A flow-level estimate of 30 days, calibrated on [\d,.]+ s of packet simulation \([\d,]+ connections of the client population\), then priced hour by hour with the daily profile\. Projected from the run \(3 s extrapolated to 730 h\): \$[\d.]+; flow estimate with the daily profile \(30 days\): \$[\d.]+/,
  );
  await expect(month.getByRole('table', { name: 'Month estimate line items' }).getByTestId('cost-line').first()).toBeVisible();
  await expect(month.getByRole('figure', { name: 'Peak connections each hour (connections)' })).toBeVisible();
  // Computed apart from the run: the paused run is where it was, journal and trace hash alike.
  await expect(page.getByTestId('trace-hash')).toHaveText(hash);
  await expect(page.getByTestId('sim-time')).toHaveText('3.000 s');
  await expect(page.getByTestId('journal-entries')).toHaveText('1 change in the journal');
  expect(await seriousViolations(page, '[data-testid="month-estimate"]')).toEqual([]);
});

test('the open daily profile editor has no serious or critical axe violation', async ({ page }) => {
  await openEditor(page);
  // With an error shown too: the flagged field and its message are checked as well.
  await page.getByTestId('daily-profile-editor').getByLabel('03:00–04:00 multiplier').fill('x');
  await expect(page.getByTestId('daily-profile-error')).toBeVisible();
  expect(await seriousViolations(page, '[data-testid="daily-profile-editor"]')).toEqual([]);
});
