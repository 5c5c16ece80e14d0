import { expect, type Locator, type Page } from '@playwright/test';
import type { SimControls } from '../src/app/sim-client';

/** Drives the app like a user does; specs read as steps, not selectors. */
export class AppPage {
  readonly consoleProblems: string[] = [];

  constructor(readonly page: Page) {
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') this.consoleProblems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => this.consoleProblems.push(`pageerror: ${error.message}`));
  }

  /** Loads the app (optionally with URL settings such as `?paused`) and waits until it can be driven. */
  async open(query = ''): Promise<void> {
    await this.page.goto(`/${query}`);
    await expect(this.page.getByTestId('node-router')).toBeVisible();
    // The controls appear once the worker has loaded the scenario; specs may drive them at once.
    await this.page.waitForFunction(() => (window as unknown as { __slb?: SimControls }).__slb !== undefined);
  }

  eventCount(): Promise<number> {
    return this.page.getByTestId('event-count').innerText().then(Number);
  }

  traceHash(): Promise<string> {
    return this.page.getByTestId('trace-hash').innerText();
  }

  /** A fingerprint of the overlay's dots canvas: equal strings mean identical pixels. */
  overlayPixels(): Promise<string> {
    return this.page.evaluate(async () => {
      const { width, height, data } = await (window as unknown as OverlayWindow).__slbOverlayPixels();
      let hash = 0x811c9dc5;
      for (let i = 0; i < data.length; i++) hash = Math.imul(hash ^ (data[i] as number), 0x01000193);
      return `${width}x${height}:${(hash >>> 0).toString(16)}`;
    });
  }

  /** True when the overlay has at least one non-transparent pixel (a dot is drawn). */
  overlayHasDots(): Promise<boolean> {
    return this.page.evaluate(async () => {
      const { data } = await (window as unknown as OverlayWindow).__slbOverlayPixels();
      for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
      return false;
    });
  }

  async pause(): Promise<void> {
    await this.page.getByRole('button', { name: 'Pause' }).click();
    await expect(this.page.getByRole('button', { name: 'Play' })).toBeEnabled();
  }

  async play(): Promise<void> {
    await this.page.getByRole('button', { name: 'Play' }).click();
    await expect(this.page.getByRole('button', { name: 'Pause' })).toBeEnabled();
  }

  /** Restarts the run with a seed and runs (paused) to a simulated time, through the app's controls. */
  async runFromStart(seed: number, simTimeUs: number): Promise<void> {
    await this.page.evaluate(
      async ([s, t]) => {
        const controls = (window as unknown as { __slb?: SimControls }).__slb;
        if (!controls) throw new Error('app controls are not exposed');
        await controls.pause();
        await controls.reset(s);
        await controls.runUntil(t);
      },
      [seed, simTimeUs] as const,
    );
  }

  /** Runs (paused) to a simulated time through the app's controls. */
  async runUntil(simTimeUs: number): Promise<void> {
    await this.page.evaluate((t) => (window as unknown as { __slb: SimControls }).__slb.runUntil(t), simTimeUs);
  }

  /** Right-clicks a topology node and chooses an item of its fault menu. */
  async faultMenuItem(node: Locator, menuName: string, item: RegExp | string): Promise<void> {
    await node.click({ button: 'right' });
    const menu = this.page.getByRole('menu', { name: menuName });
    await menu.getByRole('menuitem', { name: item }).click();
    await expect(menu).toBeHidden();
  }
}

/** The overlay paints in a worker; the page reads its dots canvas back through this hook (TrafficOverlay). */
export interface OverlayWindow {
  __slbOverlayPixels(): Promise<{ width: number; height: number; data: Uint8ClampedArray }>;
}
