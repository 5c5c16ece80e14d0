import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { AppPage } from './app.page';

function cliTotal(region: string, seconds: number, seed: number): number {
  const report = JSON.parse(
    execFileSync('npx', ['tsx', 'src/cli/main.ts', 'run', 'default', '--seed', String(seed), '--duration', `${seconds}s`, '--json', '--set', `billing.priceRegion=${region}`], { encoding: 'utf8' }),
  ) as { billing: { total: number; region: string } };
  expect(report.billing.region).toBe(region);
  return report.billing.total;
}

test('switching the region in the cost panel gives the total the CLI prints for the same scenario and region', async ({ page }) => {
  const app = new AppPage(page);
  await app.open();
  await app.runFromStart(3, 5_000_000);
  const total = page.getByTestId('cost-total');
  const region = page.getByRole('combobox', { name: 'Price region' });

  await expect(region).toHaveValue('mainland-china');
  await expect.poll(async () => Number(await total.getAttribute('data-total'))).toBe(cliTotal('mainland-china', 5, 3));

  await region.selectOption('us');
  const us = cliTotal('us', 5, 3);
  await expect.poll(async () => Number(await total.getAttribute('data-total'))).toBe(us);
  await expect(total).toHaveText(`$${us.toFixed(6)}`);

  await region.selectOption('frankfurt');
  await expect.poll(async () => Number(await total.getAttribute('data-total'))).toBe(cliTotal('frankfurt', 5, 3));
});

test('each line item shows its rule inline and its month; the months add up to the projected month; bytes per path are shown', async ({ page }) => {
  const app = new AppPage(page);
  await app.open();
  await app.runFromStart(1, 2_000_000);
  const row = page.getByRole('row').filter({ hasText: 'SLB outbound traffic' });
  await expect(row.getByTestId('cost-rule')).toHaveText(/Pay-by-traffic/);
  const dollars = (texts: string[]) => texts.reduce((sum, t) => sum + Number(t.replace('$', '')), 0);
  // The bill refreshes after the run reaches its time: compare one rendering with itself. Display
  // rounding: each figure to a cent (or 6 digits below $1).
  await expect
    .poll(async () => {
      const lines = await page.getByTestId('cost-line-monthly').allTextContents();
      const months = dollars(lines);
      const projected = dollars([(await page.getByTestId('cost-monthly').textContent())!]);
      return months > 0 && Math.abs(months - projected) < 0.01 * lines.length + 0.005;
    })
    .toBe(true);
  await expect(page.getByText('SLB out', { exact: true })).toBeVisible();
  await page.getByRole('combobox', { name: 'Internet charge type' }).selectOption('paybybandwidth');
  await expect(page.getByRole('row').filter({ hasText: 'SLB bandwidth (1–5 Mbps)' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'SLB outbound traffic' })).toHaveCount(0);
});

test('the bandwidth cap and the spec are edited next to their lines, through the API into the journal; the projection says what it stands on', async ({ page }) => {
  const app = new AppPage(page);
  await app.open();
  await app.runFromStart(1, 3_000_000);
  await expect(page.getByTestId('cost-projection-basis')).toHaveText(/^Stands on 3\.0 s of simulated traffic, (stable|still moving)/);

  // Pay-by-bandwidth as a what-if: its line carries the cap editor, with the configured cap.
  await page.getByRole('combobox', { name: 'Internet charge type' }).selectOption('paybybandwidth');
  const cap = page.getByTestId('bandwidth-cap-editor');
  const input = cap.getByLabel('Peak bandwidth');
  await expect(input).toHaveValue('5120');
  await input.fill('0');
  await expect(cap.getByRole('alert')).toHaveText('Bandwidth must be a whole number of Mbit/s from 1 to 5120');
  await expect(cap.getByRole('button', { name: 'Apply pay-by-bandwidth' })).toBeDisabled();

  await input.fill('50');
  await cap.getByRole('button', { name: 'Apply pay-by-bandwidth' }).click();
  // Applied for real: the switch is back to "as configured" and the configured bill has the 50 Mbps lines.
  await expect(page.getByRole('combobox', { name: 'Internet charge type' })).toHaveValue('');
  await expect(page.getByRole('row').filter({ hasText: 'SLB bandwidth (1–5 Mbps)' }).getByTestId('cost-rule')).toContainText('(50 Mbps)');
  await expect(page.getByRole('row').filter({ hasText: 'SLB bandwidth (> 5 Mbps)' })).toContainText('45.00 Mbps·h');
  await expect(page.getByTestId('journal-entries')).toHaveText('1 change in the journal');

  // The spec, next to its fee line.
  const spec = page.getByTestId('spec-editor').getByLabel('Purchased spec');
  await spec.selectOption('slb.s2.small');
  await expect(page.getByTestId('journal-entries')).toHaveText('2 changes in the journal');
  await expect(spec).toHaveValue('slb.s2.small');
  await expect(page.getByRole('row').filter({ hasText: 'Spec fee' }).first().getByTestId('cost-rule')).toContainText('capped by the purchased slb.s2.small');
});
