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
