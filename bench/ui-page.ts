/**
 * What the UI bench runs inside the page: a requestAnimationFrame sampler, long-task records, the
 * app's counters, and JS heap readings over CDP (the page's and, when it can attach, the engine
 * worker's). Only bench/ uses this; the app exposes `window.__slb` and `window.__slbOverlay` for it.
 */
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import type { SimControls } from '../src/app/sim-client';
import { progress } from './measure';
import type { OverlayStats } from '../src/app/topology/TrafficOverlay';

export const VIEWPORT = { width: 1600, height: 900 } as const;
const BROWSER_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The bench closes the browser itself on SIGINT/SIGTERM (with the preview server), so Playwright does not. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: BROWSER_ARGS,
    handleSIGINT: false,
    handleSIGTERM: false,
  });
}

interface LongTaskRecord {
  startTime: number;
  duration: number;
}

/** What the bench reads from the page's window. */
interface BenchWindow {
  __slb?: SimControls;
  __slbOverlay?: OverlayStats;
  __benchLongTasks?: LongTaskRecord[];
}

/**
 * Runs before the app's scripts on every navigation:
 * - `__name`: tsx compiles the bench with esbuild's keepNames, which wraps named functions inside
 *   the callbacks we hand to page.evaluate in `__name(fn, "name")`; the page has no such helper.
 * - a PerformanceObserver that keeps every 'longtask' entry (main-thread task over 50 ms) from
 *   page start, so each phase can pick the ones inside its own time window.
 */
const INIT_SCRIPT = `
globalThis.__name = globalThis.__name || ((fn) => fn);
window.__benchLongTasks = [];
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__benchLongTasks.push({ startTime: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
} catch (error) {
  window.__benchLongTasksUnsupported = String(error);
}
`;

export async function openPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  await context.addInitScript(INIT_SCRIPT);
  return context.newPage();
}

/** Runs `run` on a fresh page in its own browser context, logging page errors and crashes, and closes the context. */
export async function withPage<T>(browser: Browser, run: (page: Page) => Promise<T>): Promise<T> {
  const page = await openPage(browser);
  page.on('pageerror', (error) => progress(`page error: ${error.message}`));
  page.on('crash', () => progress('the page crashed'));
  try {
    return await run(page);
  } finally {
    await page
      .context()
      .close()
      .catch(() => undefined);
  }
}

/** Opens the app with URL settings and waits until the engine plays and the overlay draws. */
export async function openApp(page: Page, baseUrl: string, params: Record<string, string | number>): Promise<void> {
  const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();
  await page.goto(`${baseUrl}/?${query}`);
  await page.waitForFunction(() => {
    const w = window as unknown as BenchWindow;
    return w.__slb !== undefined && w.__slbOverlay !== undefined;
  });
  await page.getByTestId('traffic-overlay').waitFor();
}

export async function controls(page: Page, action: { setSpeed: number } | { setAnimation: boolean }): Promise<void> {
  await page.evaluate(async (a) => {
    const slb = (window as unknown as BenchWindow).__slb;
    if (!slb) throw new Error('window.__slb is not exposed');
    if ('setSpeed' in a) await slb.setSpeed(a.setSpeed);
    else slb.setAnimation(a.setAnimation);
  }, action);
}

/** Per animation frame, for `durationMs`: the rAF timestamp and the overlay's stats at that frame. */
export interface FrameSamples {
  /** performance.now() in the page when sampling began and ended. */
  startMs: number;
  endMs: number;
  timestamps: number[];
  dots: number[];
  packets: number[];
  perDot: number[];
  drawMs: number[];
  /** Edge rate labels drawn (sampled mode), and dots on in-region links, per frame. */
  rateLabels: number[];
  inRegionDots: number[];
}

/** Records requestAnimationFrame timestamps (and the overlay's stats each frame) in the page. */
export function sampleFrames(page: Page, durationMs: number): Promise<FrameSamples> {
  return page.evaluate(
    (ms) =>
      new Promise<FrameSamples>((resolve) => {
        const overlay = (window as unknown as BenchWindow).__slbOverlay;
        const out: FrameSamples = { startMs: performance.now(), endMs: 0, timestamps: [], dots: [], packets: [], perDot: [], drawMs: [], rateLabels: [], inRegionDots: [] };
        const onFrame = (t: number): void => {
          out.timestamps.push(t);
          out.dots.push(overlay?.dots ?? NaN);
          out.packets.push(overlay?.packets ?? NaN);
          out.perDot.push(overlay?.perDot ?? NaN);
          out.drawMs.push(overlay?.drawMs ?? NaN);
          out.rateLabels.push(overlay?.rateLabels ?? 0);
          out.inRegionDots.push(overlay?.inRegionDots ?? 0);
          if (performance.now() - out.startMs < ms) requestAnimationFrame(onFrame);
          else {
            out.endMs = performance.now();
            resolve(out);
          }
        };
        requestAnimationFrame(onFrame);
      }),
    durationMs,
  );
}

/** Long tasks that started inside [fromMs, toMs] (page clock); undefined if the browser has no longtask timing. */
export function longTasksBetween(page: Page, fromMs: number, toMs: number): Promise<LongTaskRecord[] | undefined> {
  return page.evaluate(
    ([from, to]) => {
      const w = window as unknown as BenchWindow & { __benchLongTasksUnsupported?: string };
      if (w.__benchLongTasksUnsupported !== undefined || !w.__benchLongTasks) return undefined;
      return w.__benchLongTasks.filter((t) => t.startTime >= from && t.startTime <= to);
    },
    [fromMs, toMs] as const,
  );
}

export function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}

/**
 * The toolbar's "dropped frames" counter (frame.droppedFrames: frames the worker skipped because
 * the page had not acknowledged the previous one). The toolbar shows it only when it is above 0.
 */
export async function droppedFramesFromToolbar(page: Page): Promise<number> {
  const label = page.getByRole('toolbar', { name: 'Run controls' }).locator('dt', { hasText: 'dropped frames' });
  if ((await label.count()) === 0) return 0;
  const text = await label.locator('xpath=following-sibling::dd[1]').innerText();
  return Number(text.replace(/[^0-9]/g, ''));
}

/** The latest frame summary's counters as the toolbar's React component holds them. */
export interface FrameCounters {
  simTimeUs: number;
  droppedFrames: number;
  droppedHops: number;
  behind: boolean;
}

/**
 * Best effort, for diagnosis only: reads the frame summary the toolbar renders from React's fiber
 * of the `sim-time` element (a hook's state), since the store is not on window and hops the worker
 * discarded are shown nowhere. Undefined when React's internals do not look as expected.
 */
export function frameCountersFromReact(page: Page): Promise<FrameCounters | undefined> {
  return page.evaluate(() => {
    const element = document.querySelector('[data-testid="sim-time"]');
    if (!element) return undefined;
    const key = Object.keys(element).find((k) => k.startsWith('__reactFiber$'));
    if (!key) return undefined;
    type Hook = { memoizedState: unknown; next: Hook | null };
    type Fiber = { memoizedState: unknown; return: Fiber | null };
    for (let fiber = (element as unknown as Record<string, Fiber | undefined>)[key] ?? null; fiber; fiber = fiber.return) {
      let hook = fiber.memoizedState as Hook | null;
      for (let i = 0; hook && typeof hook === 'object' && 'next' in hook && i < 64; i++, hook = hook.next) {
        const value = hook.memoizedState as Partial<FrameCounters> | null;
        if (value && typeof value === 'object' && typeof value.droppedHops === 'number' && typeof value.simTimeUs === 'number')
          return {
            simTimeUs: value.simTimeUs,
            droppedFrames: value.droppedFrames ?? 0,
            droppedHops: value.droppedHops,
            behind: value.behind === true,
          };
      }
    }
    return undefined;
  });
}

export interface HeapReading {
  /** Page's JSHeapUsedSize (Performance.getMetrics), bytes. */
  pageBytes: number;
  /** Engine worker's Runtime.getHeapUsage usedSize, bytes; undefined when not attached. */
  workerBytes: number | undefined;
  /** Engine worker's ArrayBuffer backing stores (outside the JS heap), bytes. */
  workerBackingStoreBytes: number | undefined;
}

/**
 * JS heap readings over CDP after a forced collection. The page through its own session; the
 * engine worker through a non-flattened attach on that session (Target.sendMessageToTarget),
 * since Playwright opens CDP sessions for pages and frames only.
 */
export class HeapProbe {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  private workerSession: string | undefined;
  workerNote = '';

  private constructor(private readonly cdp: CDPSession) {}

  static async attach(page: Page): Promise<HeapProbe> {
    const probe = new HeapProbe(await page.context().newCDPSession(page));
    await probe.cdp.send('Performance.enable');
    await probe.attachWorker();
    return probe;
  }

  private async attachWorker(): Promise<void> {
    try {
      const { targetInfos } = await this.cdp.send('Target.getTargets');
      const worker = targetInfos.find((t) => t.type === 'worker' && t.url.includes('sim.worker'));
      if (!worker) {
        this.workerNote = 'no dedicated worker target found';
        return;
      }
      this.cdp.on('Target.receivedMessageFromTarget', (event) => {
        if (event.sessionId !== this.workerSession) return;
        const message = JSON.parse(event.message) as { id?: number; result?: Record<string, unknown>; error?: { message: string } };
        if (message.id === undefined) return;
        const waiter = this.pending.get(message.id);
        if (!waiter) return;
        this.pending.delete(message.id);
        if (message.error) waiter.reject(new Error(message.error.message));
        else waiter.resolve(message.result ?? {});
      });
      const { sessionId } = await this.cdp.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false });
      this.workerSession = sessionId;
      await this.toWorker('Runtime.getHeapUsage');
    } catch (error) {
      this.workerSession = undefined;
      this.workerNote = `worker heap unavailable: ${(error as Error).message}`;
    }
  }

  private toWorker(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const sessionId = this.workerSession;
    if (!sessionId) return Promise.reject(new Error('worker not attached'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method}: no answer from the worker in 20 s`));
      }, 20_000);
      this.pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
    });
  }

  /** Collects garbage in the page (and worker), then reads both heaps. */
  async read(): Promise<HeapReading> {
    await this.cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await this.cdp.send('Performance.getMetrics');
    const pageBytes = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN;
    let workerBytes: number | undefined;
    let workerBackingStoreBytes: number | undefined;
    if (this.workerSession) {
      try {
        await this.toWorker('HeapProfiler.collectGarbage');
        const usage = await this.toWorker('Runtime.getHeapUsage');
        workerBytes = typeof usage.usedSize === 'number' ? usage.usedSize : undefined;
        workerBackingStoreBytes = typeof usage.backingStorageSize === 'number' ? usage.backingStorageSize : undefined;
      } catch (error) {
        this.workerNote = `worker heap read failed: ${(error as Error).message}`;
      }
    }
    return { pageBytes, workerBytes, workerBackingStoreBytes };
  }

  async detach(): Promise<void> {
    await this.cdp.detach().catch(() => undefined);
  }
}
