import { useEffect, useState } from 'react';
import { frameClock } from '../frame-clock';
import { useSimStore } from '../store';
import { WORKER_MEMORY_BUDGET } from '../../worker/protocol';

const MB = 1024 * 1024;

/** Chromium's non-standard page heap figure (absent elsewhere). */
interface ChromiumPerformance {
  memory?: { usedJSHeapSize: number };
}

/**
 * What the app costs while it runs (press D): the engine worker's memory against its budget,
 * the UI's frame rate, the worker's frames and events per second, dropped hops and frames, and
 * the page heap. Non-modal: the run stays usable underneath. Rates are measured only while open.
 */
export function DebugOverlay() {
  const open = useSimStore((s) => s.debugOpen);
  if (!open) return null;
  return <DebugPanel />;
}

function DebugPanel() {
  const frame = useSimStore((s) => s.frame);
  const rates = useRates();
  const memory = frame?.memory;
  const pageHeap = (performance as ChromiumPerformance).memory?.usedJSHeapSize;
  const rows: [string, string, string][] = [
    ['worker-tables', 'worker tables', memory ? `${mb(memory.liveBytes)} MB live` : '–'],
    ['worker-checkpoints', 'checkpoints', memory ? `${memory.checkpoints} · ${mb(memory.checkpointBytes)} MB · every ${memory.intervalUs / 1e6} s` : '–'],
    ['worker-budget', 'budget', memory ? `${mb(memory.liveBytes + memory.checkpointBytes)} / ${mb(memory.budgetBytes)} MB for tables and checkpoints, of ${Math.round(WORKER_MEMORY_BUDGET / MB)} MB` : '–'],
    ['ui-fps', 'UI frames / s', rates.fps === undefined ? '…' : rates.fps.toFixed(0)],
    ['worker-fps', 'worker frames / s', rates.workerFps === undefined ? '…' : rates.workerFps.toFixed(0)],
    ['events-rate', 'events / wall s', rates.eventsPerS === undefined ? '…' : Math.round(rates.eventsPerS).toLocaleString('en-US')],
    ['speed', 'speed reached', frame ? `${formatNumber(frame.reachedSpeed)}× of ${formatNumber(frame.speed)}×${frame.behind ? ' (behind)' : ''}` : '–'],
    ['dropped', 'dropped hops · frames', frame ? `${frame.droppedHops.toLocaleString('en-US')} · ${frame.droppedFrames.toLocaleString('en-US')}` : '–'],
    ['page-heap', 'page JS heap', pageHeap === undefined ? 'not reported by this browser' : `${mb(pageHeap)} MB`],
  ];
  return (
    <section
      role="region"
      aria-label="Debug overlay"
      className="fixed bottom-3 left-3 z-40 w-[380px] rounded-lg border border-slate-700 bg-slate-900/95 p-3 text-xs shadow-lg"
    >
      <div className="mb-1 flex items-center justify-between">
        <h2 className="font-semibold">Debug</h2>
        <button type="button" className="rounded bg-slate-700 px-2 hover:bg-slate-600" onClick={() => useSimStore.setState({ debugOpen: false })}>
          Close
        </button>
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5">
        {rows.map(([id, label, value]) => (
          <div key={id} className="contents">
            <dt className="text-slate-400">{label}</dt>
            <dd data-testid={`debug-${id}`} className="font-mono">
              {value}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

interface Rates {
  fps: number | undefined;
  workerFps: number | undefined;
  eventsPerS: number | undefined;
}

/** UI frames (requestAnimationFrame), worker frames and engine events per wall second, over 1 s windows. */
function useRates(): Rates {
  const [rates, setRates] = useState<Rates>({ fps: undefined, workerFps: undefined, eventsPerS: undefined });
  useEffect(() => {
    let ui = 0;
    let worker0 = frameClock.received;
    let events = frameClock.frame?.events ?? 0;
    let raf = 0;
    const tick = (): void => {
      ui++;
      raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    let since = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      const seconds = (now - since) / 1000;
      const latest = frameClock.frame?.events ?? events;
      const worker = frameClock.received - worker0;
      // A seek back or a restart makes the count go down: no rate for that window.
      const eventsPerS = latest >= events ? (latest - events) / seconds : undefined;
      setRates({ fps: ui / seconds, workerFps: worker / seconds, eventsPerS });
      ui = 0;
      worker0 = frameClock.received;
      events = latest;
      since = now;
    }, 1000);
    return () => {
      cancelAnimationFrame(raf);
      clearInterval(timer);
    };
  }, []);
  return rates;
}

function mb(bytes: number): string {
  return (bytes / MB).toFixed(1);
}

function formatNumber(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 1 });
}
