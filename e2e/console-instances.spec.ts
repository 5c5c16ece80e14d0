import { expect, test, type Page } from '@playwright/test';
import { AppPage } from './app.page';

/**
 * Several load balancers from the console: the Instances tab creates one through the in-page SLB
 * API, the console manages it, and a deletion is undone by taking it out of the run's journal.
 * Every outcome is checked by asking the API again.
 */

async function loadBalancerIds(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const response = await fetch('/api/slb/?Action=DescribeLoadBalancers&Version=2014-05-15&Format=JSON&RegionId=cn-hangzhou', { method: 'POST' });
    const body = (await response.json()) as { LoadBalancers: { LoadBalancer: { LoadBalancerId: string }[] } };
    return body.LoadBalancers.LoadBalancer.map((lb) => lb.LoadBalancerId);
  });
}

test('the Instances tab creates a second load balancer, manages it, and undoes its deletion', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?paused');
  await page.getByRole('button', { name: 'Console', exact: true }).click();
  const drawer = page.getByRole('dialog', { name: 'SLB console' });
  await expect(drawer.getByTestId('instance-overview')).toBeVisible();
  await drawer.getByRole('tab', { name: 'Instances' }).click();
  const rows = drawer.getByTestId('instance-row');
  await expect(rows).toHaveCount(1);
  const [first] = await loadBalancerIds(page);

  const form = drawer.getByRole('form', { name: 'Create a load balancer' });
  await form.getByLabel('Instance name').fill('second');
  await form.getByRole('button', { name: 'Create instance' }).click();
  await expect(rows).toHaveCount(2, { timeout: 15_000 });
  const ids = await loadBalancerIds(page);
  expect(ids).toHaveLength(2);
  const second = ids.find((id) => id !== first)!;

  // Manage the new one: the console now describes it (no listeners yet).
  await drawer.getByRole('button', { name: `Manage ${second}` }).click();
  await expect(drawer.locator(`[data-testid="instance-row"][data-id="${second}"]`)).toHaveAttribute('data-managed', 'true');

  // Delete it (asked first), then Undo: it is back, under its own id.
  await drawer.getByRole('button', { name: `Delete ${second}` }).click();
  await drawer.getByRole('button', { name: `Confirm: delete ${second}` }).click();
  await expect.poll(() => loadBalancerIds(page), { timeout: 15_000 }).toEqual([first]);
  const notice = drawer.getByTestId('console-notice');
  await expect(notice).toContainText(`Deleted load balancer ${second}`);
  await notice.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(() => loadBalancerIds(page), { timeout: 15_000 }).toEqual([first, second]);
  await expect(rows).toHaveCount(2, { timeout: 15_000 });
});
