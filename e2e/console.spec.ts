import { expect, test, type Page } from '@playwright/test';
import { AppPage } from './app.page';

/** Waits for the console card's DescribeLoadBalancers request and returns it with its response. */
function describeCall(page: Page) {
  return page.waitForResponse((response) => response.url().includes('/api/slb/') && response.url().includes('Action=DescribeLoadBalancers'));
}

test('a scenario in another region: the card asks the API in that region and shows its load balancer', async ({ page }) => {
  const app = new AppPage(page);
  const call = describeCall(page);
  await app.open('?example=l4-frankfurt');
  const response = await call;
  expect(response.fromServiceWorker()).toBe(true);
  expect(new URL(response.url()).searchParams.get('RegionId')).toBe('eu-central-1');
  await expect(page.getByTestId('lb-id')).toHaveText('lb-gw8frankfurt0001');
  await expect(page.getByTestId('lb-address')).toHaveText('8.209.10.20');
  await expect(page.getByTestId('lb-region')).toHaveText('eu-central-1');
  await expect(page.getByTestId('node-lvs')).toHaveCount(2);
  expect(app.consoleProblems).toEqual([]);
});

test('switching scenario: the engine, the API and the card all follow, and the URL can be shared', async ({ page }) => {
  const app = new AppPage(page);
  await app.open();
  await expect(page.getByTestId('lb-id')).toHaveText('lb-bp1default0001');
  const picker = page.getByRole('combobox', { name: 'Scenario' });
  await expect(picker).toHaveValue('default');

  // A price region chosen by hand belongs to the old scenario.
  const priceRegion = page.getByRole('combobox', { name: 'Price region' });
  await priceRegion.selectOption('us');
  await expect(priceRegion).toHaveValue('us');

  const toFrankfurt = describeCall(page);
  await picker.selectOption('l4-frankfurt');
  expect(new URL((await toFrankfurt).url()).searchParams.get('RegionId')).toBe('eu-central-1');
  await expect(page.getByTestId('lb-id')).toHaveText('lb-gw8frankfurt0001');
  await expect(page.getByTestId('lb-region')).toHaveText('eu-central-1');
  await expect(page.getByTestId('node-lvs')).toHaveCount(2);
  await expect(page.getByTestId('node-ecs').filter({ hasText: 'eu-central-1a' })).toHaveCount(1);
  expect(new URL(page.url()).searchParams.get('example')).toBe('l4-frankfurt');
  await expect(priceRegion).toHaveValue('frankfurt');

  // From the keyboard, back to a cn-hangzhou scenario.
  await picker.focus();
  await page.keyboard.press('ArrowUp'); // l4-failover
  await page.keyboard.press('ArrowUp'); // l4-basic
  await expect(picker).toHaveValue('l4-basic');
  await expect(page.getByTestId('lb-id')).toHaveText('lb-bp1l4basic0001');
  await expect(page.getByTestId('lb-region')).toHaveText('cn-hangzhou');
  await expect(page.getByTestId('node-lvs')).toHaveCount(4);

  // The rewritten URL reopens the same scenario.
  await page.reload();
  await expect(page.getByTestId('lb-id')).toHaveText('lb-bp1l4basic0001');
  await expect(picker).toHaveValue('l4-basic');
  expect(app.consoleProblems).toEqual([]);
});

test('a region with no load balancer says so instead of loading forever', async ({ page }) => {
  const app = new AppPage(page);
  const call = describeCall(page);
  await app.open('?region=eu-west-1');
  const body = (await (await call).json()) as { TotalCount: number };
  expect(body.TotalCount).toBe(0);
  await expect(page.getByTestId('lb-none')).toHaveText('DescribeLoadBalancers: no load balancer lb-bp1default0001 in region eu-west-1');
  await expect(page.getByTestId('lb-loading')).toHaveCount(0);
  expect(app.consoleProblems).toEqual([]);
});

test("the API's coded error is shown with its Code and Message", async ({ page }) => {
  const app = new AppPage(page);
  const call = describeCall(page);
  await app.open('?region=Mars%201');
  const response = await call;
  expect(response.fromServiceWorker()).toBe(true);
  expect(response.status()).toBe(400);
  const body = (await response.json()) as { Code: string; Message: string };
  expect(body.Code).toBe('InvalidParameter');
  const error = page.getByTestId('lb-error');
  await expect(error).toContainText('SLB API error InvalidParameter');
  await expect(error).toContainText(body.Message);
  await expect(error).toContainText('"RegionId"');
  await expect(page.getByTestId('lb-loading')).toHaveCount(0);
  // The only console line is the browser's own note of the 400 answer.
  expect(app.consoleProblems.filter((line) => !/status of 400/.test(line))).toEqual([]);
});

test('bad URL parameters are named with their rule, and the app still runs', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?example=nope&seed=-1&speed=fast');
  const problems = page.getByTestId('url-problems');
  await expect(problems).toContainText('URL parameter "example" ignored: "nope" is not a built-in scenario; use one of default,');
  await expect(problems).toContainText('URL parameter "seed" ignored: "-1" must be a non-negative integer');
  await expect(problems).toContainText('URL parameter "speed" ignored: "fast" must be a number from 0.1 to 10000');
  await expect(page.getByTestId('lb-id')).toHaveText('lb-bp1default0001');
  await expect.poll(() => app.eventCount()).toBeGreaterThan(0);
  expect(app.consoleProblems).toEqual([]);
});
