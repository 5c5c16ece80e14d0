import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../scenario/examples/default';
import { pausedHost } from '../test/paused-host';
import { SimHost, type HostClock } from './host';
import type { Frame } from './protocol';

const S = 1_000_000;

/** A host whose wall clock moves 200 ms at every reading, so long operations send progress frames often. */
function busyClockHost(): { host: SimHost; frames: Frame[] } {
  let now = 0;
  const clock: HostClock = { nowMs: () => (now += 200), every: () => () => undefined };
  const host = new SimHost(clock);
  host.load(defaultScenario);
  const frames: Frame[] = [];
  host.subscribe((frame) => {
    frames.push(frame);
    host.ack();
  });
  return { host, frames };
}

describe('long operations: progress frames, and cancel stops them where they got to', () => {
  it('a cancellable run-until reports rising progress and reaches its target like runUntil', async () => {
    const { host, frames } = busyClockHost();
    const end = await host.runUntilCancellable(20 * S);
    const progress = frames.map((f) => f.progress).filter((p): p is number => p !== undefined);
    expect(progress.length).toBeGreaterThan(1);
    for (let i = 1; i < progress.length; i++) expect(progress[i]!).toBeGreaterThanOrEqual(progress[i - 1]!);
    expect(end.simTimeUs).toBe(20 * S);
    expect(end.progress).toBeUndefined();
    expect(end.traceHash).toBe(pausedHost().runUntil(20 * S).traceHash);
  });

  it('cancel during a run-until stops it part-way; continuing later reaches the same trace hash as a straight run', async () => {
    const { host, frames } = busyClockHost();
    const running = host.runUntilCancellable(20 * S);
    // The cancel arrives as a message while the run yields after a progress frame.
    await new Promise((resolve) => setTimeout(resolve, 0));
    host.cancel();
    const stopped = await running;
    expect(frames.some((f) => f.progress !== undefined)).toBe(true);
    expect(stopped.simTimeUs).toBeGreaterThan(0);
    expect(stopped.simTimeUs).toBeLessThan(20 * S);
    expect(stopped.progress).toBeUndefined();
    expect(host.runUntil(20 * S).traceHash).toBe(pausedHost().runUntil(20 * S).traceHash);
  });

  it('pause also stops a run-until in progress', async () => {
    const { host } = busyClockHost();
    const running = host.runUntilCancellable(20 * S);
    await new Promise((resolve) => setTimeout(resolve, 0));
    host.pause();
    expect((await running).simTimeUs).toBeLessThan(20 * S);
  });

  it('a packet search for a connection not yet opened shows progress and stops on cancel, long before its event budget', async () => {
    const { host, frames } = busyClockHost();
    host.runUntil(1 * S);
    const before = host.runUntil(1 * S).events;
    const budget = 5_000_000;
    const searching = host.stepToPacketOf(1e9, budget);
    await new Promise((resolve) => setTimeout(resolve, 0));
    host.cancel();
    const stopped = await searching;
    const progress = frames.map((f) => f.progress).filter((p): p is number => p !== undefined);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0]!).toBeGreaterThan(0);
    expect(progress[0]!).toBeLessThan(1);
    expect(stopped.events - before).toBeGreaterThan(0);
    expect(stopped.events - before).toBeLessThan(budget / 10);
    expect(stopped.progress).toBeUndefined();
  });

  it('a cancelled seek leaves a run that continues deterministically', async () => {
    const { host } = busyClockHost();
    const seeking = host.seekCancellable(15 * S);
    await new Promise((resolve) => setTimeout(resolve, 0));
    host.cancel();
    const stopped = await seeking;
    expect(stopped.simTimeUs).toBeLessThan(15 * S);
    expect(host.runUntil(15 * S).traceHash).toBe(pausedHost().runUntil(15 * S).traceHash);
  });
});
