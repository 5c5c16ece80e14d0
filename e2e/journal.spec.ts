import { execFileSync } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import type { SimControls } from '../src/app/sim-client';
import { AppPage } from './app.page';

const S = 1_000_000;
const LB = 'lb-bp1default0001';

/** One SLB API call through the page's Service Worker, as any client of the in-browser API makes it. */
async function slb(page: Page, params: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  return page.evaluate(async (query) => {
    const response = await fetch(`/api/slb/?${new URLSearchParams({ Version: '2014-05-15', ...query })}`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }, params);
}

async function control(page: Page, action: 'runUntil' | 'seek', timeUs: number): Promise<void> {
  await page.evaluate(
    async ([name, t]) => {
      const controls = (window as unknown as { __slb: SimControls }).__slb;
      await controls[name as 'runUntil' | 'seek'](t as number);
    },
    [action, timeUs] as const,
  );
}

test('live edits are journaled: seeking back and replaying, a branch and its undo, and the saved run in the CLI all reach the same trace hash', async ({ page }, testInfo) => {
  test.setTimeout(120_000); // CLI processes on a loaded machine
  const app = new AppPage(page);
  await app.open('?paused');
  await app.runFromStart(1, 10 * S);
  const edit = await slb(page, { Action: 'SetBackendServers', LoadBalancerId: LB, BackendServers: JSON.stringify([{ ServerId: 'i-ecs1', Weight: 10 }]) });
  expect(edit.status, JSON.stringify(edit.body)).toBe(200);
  await control(page, 'runUntil', 20 * S);
  expect((await slb(page, { Action: 'StopLoadBalancerListener', LoadBalancerId: LB, ListenerPort: '80' })).status).toBe(200);
  await expect(page.getByTestId('journal-entries')).toHaveText('2 changes in the journal');
  await control(page, 'runUntil', 30 * S);
  const straight = await app.traceHash();

  // Back to 5 s and forward again: the journal replays at its times.
  await control(page, 'seek', 5 * S);
  await control(page, 'runUntil', 30 * S);
  expect(await app.traceHash()).toBe(straight);

  // A change at 12 s discards the stop at 20 s; Undo brings it back.
  await control(page, 'seek', 12 * S);
  expect((await slb(page, { Action: 'SetBackendServers', LoadBalancerId: LB, BackendServers: JSON.stringify([{ ServerId: 'i-ecs2', Weight: 5 }]) })).status).toBe(200);
  await expect(page.getByTestId('journal-branch')).toContainText('discarded 1 later change');
  await page.getByTestId('journal-branch').getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByTestId('journal-branch')).toHaveCount(0);
  await expect(page.getByTestId('journal-entries')).toHaveText('2 changes in the journal');
  await control(page, 'runUntil', 30 * S);
  expect(await app.traceHash()).toBe(straight);

  // The saved run (scenario + journal) in the Node CLI.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save run' }).click()]);
  expect(download.suggestedFilename()).toBe('default-run.json');
  const file = testInfo.outputPath('run.json');
  await download.saveAs(file);
  const cli = JSON.parse(execFileSync('npx', ['tsx', 'src/cli/main.ts', 'run', file, '--seed', '1', '--duration', '30s', '--json'], { encoding: 'utf8' })) as { traceHash: string };
  expect(cli.traceHash).toBe(straight);
  expect(app.consoleProblems).toEqual([]);
});
