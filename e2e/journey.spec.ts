import { expect, test, type Page } from '@playwright/test';
import type { SimControls } from '../src/app/sim-client';
import { formatSimTime } from '../src/shared/units';
import { AppPage } from './app.page';

/** What the journey panel showed at one moment: the header's connection, the hops, the status line. */
interface Snapshot {
  title: string | null;
  hops: string[];
  loading: string | null;
  empty: boolean;
}

/**
 * Records the journey panel after every change React commits (a MutationObserver sees each
 * commit), so a state shown for a single frame is caught too.
 */
async function recordJourney(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __journeySnapshots: Snapshot[] };
    w.__journeySnapshots = [];
    const panel = document.getElementById('side-tabpanel')!;
    const take = () => {
      const title = panel.querySelector('[data-testid="journey-title"]');
      w.__journeySnapshots.push({
        title: title ? title.getAttribute('data-conn') : null,
        hops: Array.from(panel.querySelectorAll('[data-testid="journey"] li'), (li) => `${li.firstElementChild?.textContent ?? ''}|${li.getAttribute('data-event')}`),
        loading: panel.querySelector('[data-testid="journey-loading"]')?.textContent ?? null,
        empty: (panel.textContent ?? '').includes('No journey yet'),
      });
    };
    new MutationObserver(take).observe(panel, { subtree: true, childList: true, characterData: true, attributes: true });
    take();
  });
}

const snapshots = (page: Page) => page.evaluate(() => (window as unknown as { __journeySnapshots: Snapshot[] }).__journeySnapshots);

/** The worker's own answer, rendered as the panel renders a hop's time and event. */
async function truth(page: Page, conn: number): Promise<string[]> {
  const entries = await page.evaluate((c) => (window as unknown as { __slb: SimControls }).__slb.journey(c), conn);
  return (entries ?? []).map((e) => `${formatSimTime(e.timeUs)}|${e.event}`);
}

/** A connection whose journey replays from the checkpoint at `checkpointUs`. */
async function connectionReplayingFrom(page: Page, checkpointUs: number): Promise<number> {
  return page.evaluate(async (at) => {
    const slb = (window as unknown as { __slb: SimControls }).__slb;
    for (let conn = 1; conn < 100_000; conn += 7) if ((await slb.journeyCheckpoint(conn)) === at) return conn;
    throw new Error(`no connection replays from ${at} µs`);
  }, checkpointUs);
}

test.describe('journey while it replays (issue 13)', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test('says which checkpoint it replays from while loading, never "No journey yet", then shows the hops', async ({ page }) => {
    const app = new AppPage(page);
    await app.open('?paused');
    // A long run: the replay from a checkpoint to now takes the worker a while.
    await app.runFromStart(1, 40_000_000);
    const conn = await connectionReplayingFrom(page, 5_000_000);
    await page.getByRole('tab', { name: 'Journey' }).click();
    await recordJourney(page);
    await page.evaluate((c) => (window as unknown as { __slb: SimControls }).__slb.selectConnection(c), conn);
    await expect(page.getByTestId('journey').locator('[data-event="open"]')).toBeVisible();
    await expect(page.getByTestId('journey-loading')).toBeHidden();
    const seen = await snapshots(page);
    const expected = await truth(page, conn);
    expect(expected.length).toBeGreaterThan(3);
    // While loading it named the 5 s checkpoint; at no time did it say there was no journey.
    expect(seen.some((s) => s.title === String(conn) && s.loading === 'Replaying from the 5 s checkpoint…')).toBe(true);
    expect(seen.filter((s) => s.empty)).toEqual([]);
    // Every state with a header for this connection shows either the loading line or this connection's hops.
    for (const s of seen.filter((x) => x.title === String(conn))) expect(s.loading !== null || s.hops.join('\n') === expected.join('\n')).toBe(true);
    expect(app.consoleProblems).toEqual([]);
  });

  test("switching connections mid-replay never shows one connection's header over the other's hops, and clears at once", async ({ page }) => {
    const app = new AppPage(page);
    await app.open('?paused');
    await app.runFromStart(1, 40_000_000);
    const first = 1; // replays from time 0 to 40 s: the slowest journey there is
    const second = await connectionReplayingFrom(page, 5_000_000);
    await page.getByRole('tab', { name: 'Journey' }).click();
    // Show the first connection's hops, so a switch has something to clear.
    await page.evaluate((c) => (window as unknown as { __slb: SimControls }).__slb.selectConnection(c), second);
    await expect(page.getByTestId('journey').locator('[data-event="open"]')).toBeVisible();
    await recordJourney(page);
    // Select the first, and while its replay runs, the second again: the first's answer comes late.
    await page.evaluate(
      async ([a, b]) => {
        const slb = (window as unknown as { __slb: SimControls }).__slb;
        slb.selectConnection(a);
        // Two frames: React has committed and its effect has asked the worker for #a.
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        slb.selectConnection(b);
      },
      [first, second] as const,
    );
    await expect(page.getByTestId('journey-title')).toHaveAttribute('data-conn', String(second));
    await expect(page.getByTestId('journey').locator('[data-event="open"]')).toBeVisible();
    await expect(page.getByTestId('journey-loading')).toBeHidden();
    const seen = await snapshots(page);
    const hopsOf = { [first]: (await truth(page, first)).join('\n'), [second]: (await truth(page, second)).join('\n') };
    expect(hopsOf[first]).not.toEqual(hopsOf[second]);
    // The header switched to the first connection with no hops of the second under it (cleared at once)...
    expect(seen.some((s) => s.title === String(first))).toBe(true);
    for (const s of seen) {
      if (s.hops.length === 0) continue;
      expect(s.hops.join('\n'), `hops under the header of #${s.title}`).toEqual(hopsOf[Number(s.title)]);
    }
    // ...and it ends on the second's hops, the first's late answer dropped.
    expect(seen.at(-1)!.title).toBe(String(second));
    expect(seen.at(-1)!.hops.join('\n')).toEqual(hopsOf[second]);
    expect(seen.filter((s) => s.empty)).toEqual([]);
    expect(app.consoleProblems).toEqual([]);
  });
});
