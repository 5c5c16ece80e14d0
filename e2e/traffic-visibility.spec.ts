import { expect, test, type Page } from '@playwright/test';
import { AppPage } from './app.page';

test.use({ viewport: { width: 1440, height: 900 } });

interface Overlay {
  dots: number;
  mode: string;
  perDot: number;
  rateLabels: number;
  dotsByLink: Record<string, number>;
  firstDotUs: Record<string, number>;
}

const overlay = (page: Page) => page.evaluate(() => (window as unknown as { __slbOverlay: Overlay }).__slbOverlay);

test('at 1× on default, dots are drawn on the router → LVS → backend links within the first simulated second', async ({ page }) => {
  const app = new AppPage(page);
  await app.open();
  await expect(page.getByTestId('speed')).toHaveText('1×');
  // The overlay notes the displayed simulated time of the first frame that drew a dot on each link.
  await expect.poll(async () => Object.keys((await overlay(page)).firstDotUs), { timeout: 60_000 }).toEqual(expect.arrayContaining(['router>lvs', 'lvs>ecs', 'ecs>lvs', 'lvs>router']));
  const first = (await overlay(page)).firstDotUs;
  for (const link of ['router>lvs', 'lvs>ecs']) expect(first[link], link).toBeLessThan(1_000_000);
  // The legend states the dilation and what a dot is.
  await expect(page.getByTestId('dilation')).toContainText(/each hop shown ≥ \d+ ms/);
  await expect(page.getByTestId('volume-mode')).toHaveText('1 dot = 1 packet');
  // And the toolbar shows the speed reached next to the requested one.
  await expect(page.getByTestId('speed-reached')).toHaveText(/^reached [\d.,]+×$/);
  expect(app.consoleProblems).toEqual([]);
});

test('at 10,000× the topology still shows traffic (edge rates or volume dots) and the legend says which', async ({ page }) => {
  const app = new AppPage(page);
  await app.open();
  await page.getByRole('slider', { name: 'Speed' }).fill('15'); // the last step: 10,000×
  await expect(page.getByTestId('speed')).toHaveText('10,000×');
  await expect
    .poll(async () => {
      const o = await overlay(page);
      return o.rateLabels > 0 || (o.mode === 'volume' && o.dots > 0);
    }, { timeout: 60_000 })
    .toBe(true);
  const o = await overlay(page);
  const legend = page.getByTestId('volume-mode');
  if (o.rateLabels > 0) {
    await expect(legend).toHaveAttribute('data-mode', 'sampled');
    await expect(legend).toContainText(/^sampled: dots show a sample \(1 dot ≈ [\d,]+ packets\); rates on edges$/);
  } else await expect(legend).toContainText(/^volume mode: 1 dot = [\d,]+ packets$/);
  // The engine cannot play the default scenario at 10,000× here: the toolbar says what it reached.
  await expect(page.getByTestId('speed-reached')).toHaveText(/^reached [\d.,]+×$/);
  expect(app.consoleProblems).toEqual([]);
});
