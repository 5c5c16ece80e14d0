/**
 * Where a main-thread long task comes from, at one speed of the UI bench's `ui-bench` example:
 * a Chrome trace (timeline + V8 CPU samples) of the running page for a few seconds, then, for each
 * task over 50 ms, what it spent its time on (trace events by self time: script, GC, style, layout,
 * message deserialisation…) and the JavaScript functions sampled inside it. A diagnosis tool for
 * the calibration's `longestTaskMs`, much shorter than the whole bench (about 30 s plus the build).
 *
 *   npx tsx bench/ui-trace.ts [--speed 10000] [--seconds 8] [--warmup 1.5] [--runs 1] [--no-build] [--no-samples] [--animation-off]
 *
 * `--no-build` reuses dist-bench/ from an earlier `--keep-build` run; `--no-samples` leaves the CPU
 * profiler off (its start is itself a long task); `--animation-off` turns the dots off (the overlay draws
 * nothing), to tell the overlay's cost from the rest. Output goes to stdout; `TRACE_OUT=prefix` also
 * keeps each run's trace as `prefix-N.json` (for chrome://tracing or Perfetto).
 */
import { writeFileSync } from 'node:fs';
import type { Browser, Page } from '@playwright/test';
import { progress } from './measure';
import { launchBrowser, longTasksBetween, openApp, openPage } from './ui-page';
import { buildApp, removeBuild, startPreview, type PreviewServer } from './ui-server';

const EXAMPLE = 'ui-bench';
const SEED = 1;
const LONG_TASK_US = Number(process.env.LONG_TASK_MS ?? 50) * 1000;
const CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8',
  'v8.execute',
  'disabled-by-default-v8.gc',
  'blink.user_timing',
  'cc',
  'viz',
  'gpu',
];
/** CPU sampling shows which functions ran, but starting the profiler is itself a long task, and sampling slows the page. */
const SAMPLING = 'disabled-by-default-v8.cpu_profiler';

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of a complete event, µs: far below `dur` when the thread was descheduled. */
  tdur?: number;
  pid: number;
  tid: number;
  id?: string;
  args?: Record<string, unknown>;
}

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

function arg(argv: readonly string[], name: string, fallback: number): number {
  const at = argv.indexOf(name);
  const value = at >= 0 ? Number(argv[at + 1]) : NaN;
  return Number.isFinite(value) ? value : fallback;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The page's main thread: the CrRendererMain thread with the most events. */
function mainThread(events: readonly TraceEvent[]): { pid: number; tid: number } {
  const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && (e.args?.['name'] as string) === 'CrRendererMain');
  let best = { pid: 0, tid: 0, n: -1 };
  for (const m of mains) {
    const n = events.reduce((sum, e) => sum + (e.pid === m.pid && e.tid === m.tid ? 1 : 0), 0);
    if (n > best.n) best = { pid: m.pid, tid: m.tid, n };
  }
  return best;
}

/** Complete ("X") events of one thread, B/E pairs folded into them. */
function completeEvents(events: readonly TraceEvent[], pid: number, tid: number): TraceEvent[] {
  const out: TraceEvent[] = [];
  const open: TraceEvent[] = [];
  for (const e of events) {
    if (e.pid !== pid || e.tid !== tid) continue;
    if (e.ph === 'X' && e.dur !== undefined) out.push(e);
    else if (e.ph === 'B') open.push(e);
    else if (e.ph === 'E') {
      const begin = open.pop();
      if (begin) out.push({ ...begin, ph: 'X', dur: e.ts - begin.ts });
    }
  }
  return out.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
}

/** Self time per event name (µs) inside one task: each event's duration less its direct children's. */
function selfTimes(inside: readonly TraceEvent[]): Map<string, number> {
  const self = new Map<string, number>();
  const stack: { end: number; name: string; children: number; dur: number }[] = [];
  const close = (until: number) => {
    while (stack.length > 0 && stack.at(-1)!.end <= until) {
      const done = stack.pop()!;
      const label = done.name;
      self.set(label, (self.get(label) ?? 0) + Math.max(0, done.dur - done.children));
      if (stack.length > 0) stack.at(-1)!.children += done.dur;
    }
  };
  for (const e of inside) {
    close(e.ts);
    const data = e.args?.['data'] as Record<string, unknown> | undefined;
    const detail = e.name === 'FunctionCall' && data ? ` ${String(data['functionName'] ?? '')}@${String(data['url'] ?? '').split('/').pop()}:${String(data['lineNumber'] ?? '')}` : '';
    stack.push({ end: e.ts + (e.dur ?? 0), name: `${e.name}${detail}`, children: 0, dur: e.dur ?? 0 });
  }
  close(Infinity);
  return self;
}

/** CPU samples of one thread from the trace's Profile/ProfileChunk events: [time µs, stack of frames, leaf first]. */
function cpuSamples(events: readonly TraceEvent[], pid: number, tid: number): { ts: number; stack: CallFrame[] }[] {
  const profiles = events.filter((e) => e.name === 'Profile' && e.pid === pid && e.tid === tid);
  const out: { ts: number; stack: CallFrame[] }[] = [];
  for (const profile of profiles) {
    const nodes = new Map<number, { frame: CallFrame; parent: number | undefined }>();
    let time = Number((profile.args?.['data'] as { startTime?: number } | undefined)?.startTime ?? profile.ts);
    for (const chunk of events) {
      if (chunk.name !== 'ProfileChunk' || chunk.id !== profile.id || chunk.pid !== pid) continue;
      const data = chunk.args?.['data'] as { cpuProfile?: { nodes?: { id: number; parent?: number; callFrame: CallFrame }[]; samples?: number[] }; timeDeltas?: number[] };
      for (const node of data.cpuProfile?.nodes ?? []) nodes.set(node.id, { frame: node.callFrame, parent: node.parent });
      const samples = data.cpuProfile?.samples ?? [];
      const deltas = data.timeDeltas ?? [];
      for (let i = 0; i < samples.length; i++) {
        time += deltas[i] ?? 0;
        const stack: CallFrame[] = [];
        for (let id: number | undefined = samples[i]; id !== undefined && stack.length < 12; id = nodes.get(id)?.parent) {
          const node = nodes.get(id);
          if (!node) break;
          stack.push(node.frame);
        }
        out.push({ ts: time, stack });
      }
    }
  }
  return out;
}

function frameName(f: CallFrame | undefined): string {
  if (!f) return '?';
  const url = f.url ?? '';
  return `${f.functionName || '(anonymous)'}@${url.split('/').pop() || url}:${(f.lineNumber ?? -1) + 1}`;
}

/** `pid:tid` → "process name / thread name" from the trace's metadata. */
function threadNames(events: readonly TraceEvent[]): Map<string, string> {
  const processes = new Map<number, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'process_name') processes.set(e.pid, String(e.args?.['name'] ?? e.pid));
  const names = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, `${processes.get(e.pid) ?? e.pid} / ${String(e.args?.['name'] ?? e.tid)}`);
  return names;
}

/** Per thread other than `main`: wall and CPU time of its outermost complete events inside [from, to], busiest first. */
function otherThreads(events: readonly TraceEvent[], names: Map<string, string>, main: { pid: number; tid: number }, from: number, to: number): string[] {
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph !== 'X' || e.dur === undefined || (e.pid === main.pid && e.tid === main.tid)) continue;
    if (e.ts + e.dur < from || e.ts > to) continue;
    const key = `${e.pid}:${e.tid}`;
    let list = byThread.get(key);
    if (!list) byThread.set(key, (list = []));
    list.push(e);
  }
  const rows: { key: string; wall: number; cpu: number; top: string }[] = [];
  for (const [key, list] of byThread) {
    list.sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
    let wall = 0;
    let cpu = 0;
    let coveredTo = -Infinity;
    const counts = new Map<string, number>();
    for (const e of list) {
      if (e.ts < coveredTo) continue; // nested inside an event already counted
      coveredTo = e.ts + e.dur!;
      const clipped = Math.min(to, coveredTo) - Math.max(from, e.ts);
      wall += clipped;
      cpu += e.tdur === undefined ? 0 : e.tdur * (clipped / Math.max(1, e.dur!));
      counts.set(e.name, (counts.get(e.name) ?? 0) + clipped);
    }
    rows.push({ key, wall, cpu, top: top(counts, 3).map(([n, us]) => `${n} ${(us / 1000).toFixed(0)}`).join(', ') });
  }
  return rows
    .sort((a, b) => b.wall - a.wall)
    .slice(0, 8)
    .map((r) => `${(r.wall / 1000).toFixed(0).padStart(5)} / ${(r.cpu / 1000).toFixed(0).padStart(4)}  ${names.get(r.key) ?? r.key}: ${r.top}`);
}

function top(map: Map<string, number>, n: number): [string, number][] {
  return [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
}

async function traceOnce(browser: Browser, baseUrl: string, speed: number, seconds: number, warmupS: number, run: number, sampling: boolean, animation: boolean): Promise<void> {
  const page: Page = await openPage(browser);
  try {
    await openApp(page, baseUrl, { example: EXAMPLE, seed: SEED, speed });
    if (!animation) await page.evaluate(() => (window as unknown as { __slb: { setAnimation(on: boolean): void } }).__slb.setAnimation(false));
    await sleep(warmupS * 1000);
    const from = await page.evaluate(() => performance.now());
    await browser.startTracing(page, { categories: sampling ? [...CATEGORIES, SAMPLING] : CATEGORIES });
    await sleep(seconds * 1000);
    const buffer = await browser.stopTracing();
    if (process.env.TRACE_OUT) writeFileSync(`${process.env.TRACE_OUT}-${run}.json`, buffer);
    const to = await page.evaluate(() => performance.now());
    const observed = (await longTasksBetween(page, from, to)) ?? [];
    const { traceEvents } = JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] };
    const main = mainThread(traceEvents);
    const names = threadNames(traceEvents);
    const events = completeEvents(traceEvents, main.pid, main.tid);
    const tasks = events.filter((e) => /RunTask/.test(e.name) && (e.dur ?? 0) > LONG_TASK_US);
    // Nested RunTask events (a task inside a task) count once: keep the outermost.
    const outer = tasks.filter((t) => !tasks.some((o) => o !== t && o.ts <= t.ts && o.ts + o.dur! >= t.ts + t.dur! && o.dur! > t.dur!));
    const samples = cpuSamples(traceEvents, main.pid, main.tid);
    process.stdout.write(
      `\n=== run ${run}: ${EXAMPLE} at ${speed}×, ${seconds} s traced after ${warmupS} s; PerformanceObserver long tasks: ${observed.map((t) => Math.round(t.duration)).join(', ') || 'none'}; ` +
        `trace: ${traceEvents.length} events, ${samples.length} CPU samples on the main thread, ${outer.length} task(s) over 50 ms\n`,
    );
    // CPU demand over the whole window: on 2 cores, the engine worker, the page's main thread and the compositing threads compete.
    const first = events[0]?.ts ?? 0;
    const last = Math.max(...events.map((e) => e.ts + (e.dur ?? 0)));
    process.stdout.write(`   threads over the whole ${((last - first) / 1e6).toFixed(1)} s (wall / CPU s of top-level events):\n`);
    for (const line of otherThreads(traceEvents, names, { pid: -1, tid: -1 }, first, last)) process.stdout.write(`     ${line}\n`);
    process.stdout.write('   main thread over the whole window, by trace event (self s):\n');
    for (const [name, us] of top(selfTimes(events), 12)) process.stdout.write(`     ${(us / 1e6).toFixed(2).padStart(7)}  ${name}\n`);
    if (samples.length > 0) {
      const all = new Map<string, number>();
      const inclusive = new Map<string, number>();
      for (const s of samples) {
        all.set(frameName(s.stack[0]), (all.get(frameName(s.stack[0])) ?? 0) + 1);
        for (const name of new Set(s.stack.map(frameName))) inclusive.set(name, (inclusive.get(name) ?? 0) + 1);
      }
      process.stdout.write(`   main thread CPU samples over the whole window (${samples.length}), by function (self / inclusive):\n`);
      for (const [name, n] of top(all, 15)) process.stdout.write(`     ${String(n).padStart(6)} / ${String(inclusive.get(name)).padStart(6)}  ${name}\n`);
      process.stdout.write('   …by inclusive samples:\n');
      for (const [name, n] of top(inclusive, 20)) process.stdout.write(`     ${String(n).padStart(6)}  ${name}\n`);
    }
    for (const task of outer) {
      const end = task.ts + task.dur!;
      const inside = events.filter((e) => e.ts >= task.ts && e.ts + (e.dur ?? 0) <= end);
      const cpu = task.tdur === undefined ? '' : `, ${(task.tdur / 1000).toFixed(1)} ms of it on the CPU`;
      process.stdout.write(`\n-- task ${(task.dur! / 1000).toFixed(1)} ms${cpu} at +${((task.ts - events[0]!.ts) / 1000).toFixed(0)} ms\n   by trace event (self ms):\n`);
      for (const [name, us] of top(selfTimes(inside), 12)) process.stdout.write(`     ${(us / 1000).toFixed(1).padStart(7)}  ${name}\n`);
      // What the other threads did meanwhile: a main thread blocked in Commit waits for the compositor.
      process.stdout.write('   other threads meanwhile (ms of top-level events, wall / CPU):\n');
      for (const line of otherThreads(traceEvents, names, main, task.ts, end)) process.stdout.write(`     ${line}\n`);
      const within = samples.filter((s) => s.ts >= task.ts && s.ts <= end);
      const leaves = new Map<string, number>();
      const stacks = new Map<string, number>();
      for (const s of within) {
        leaves.set(frameName(s.stack[0]), (leaves.get(frameName(s.stack[0])) ?? 0) + 1);
        const key = s.stack.slice(0, 6).map(frameName).join(' < ');
        stacks.set(key, (stacks.get(key) ?? 0) + 1);
      }
      process.stdout.write(`   CPU samples inside: ${within.length}; by function (samples):\n`);
      for (const [name, n] of top(leaves, 10)) process.stdout.write(`     ${String(n).padStart(6)}  ${name}\n`);
      process.stdout.write('   by stack (leaf < callers):\n');
      for (const [name, n] of top(stacks, 6)) process.stdout.write(`     ${String(n).padStart(6)}  ${name}\n`);
    }
  } finally {
    await page.context().close().catch(() => undefined);
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const speed = arg(argv, '--speed', 10_000);
  const seconds = arg(argv, '--seconds', 8);
  const warmupS = arg(argv, '--warmup', 1.5);
  const runs = arg(argv, '--runs', 1);
  const build = !argv.includes('--no-build');
  const sampling = !argv.includes('--no-samples');
  const animation = !argv.includes('--animation-off');
  let server: PreviewServer | undefined;
  let browser: Browser | undefined;
  try {
    if (build) {
      progress('building the app into dist-bench/');
      buildApp();
    }
    server = await startPreview();
    browser = await launchBrowser();
    for (let run = 1; run <= runs; run++) await traceOnce(browser, server.url, speed, seconds, warmupS, run, sampling, animation);
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    if (build && !argv.includes('--keep-build')) removeBuild();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[trace] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
