import { describe, expect, it } from 'vitest';
import type { FrameSummary, MetricSample } from '../worker/protocol';
import { advanceFrameClock, type FrameClock } from './frame-clock';
import { FramePublisher, type PublishClock } from './frame-publisher';

/** A hand-wound clock: `advance` runs the timers that fall due, in order. */
class ManualClock implements PublishClock {
  ms = 0;
  private timers = new Map<number, { at: number; run: () => void }>();
  private next = 1;
  now(): number {
    return this.ms;
  }
  setTimeout(run: () => void, ms: number): unknown {
    const id = this.next++;
    this.timers.set(id, { at: this.ms + ms, run });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  get pending(): number {
    return this.timers.size;
  }
  advance(ms: number): void {
    const until = this.ms + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.ms = due[1].at;
      due[1].run();
    }
    this.ms = until;
  }
}

function frame(simTimeUs: number, over: { playing?: boolean; revision?: number; entries?: number; samples?: MetricSample[] } = {}): FrameSummary {
  return {
    simTimeUs,
    playing: over.playing ?? true,
    journal: { revision: over.revision ?? 0, entries: over.entries ?? 0, discarded: 0 },
    samples: over.samples ?? [],
  } as unknown as FrameSummary;
}

function sample(timeS: number): MetricSample {
  return { timeS } as unknown as MetricSample;
}

function setup(intervalMs = 100) {
  const clock = new ManualClock();
  const published: { simTimeUs: number; samples: number[] }[] = [];
  const publisher = new FramePublisher((f, samples) => published.push({ simTimeUs: f.simTimeUs, samples: samples.map((s) => s.timeS) }), clock, intervalMs);
  return { clock, published, publisher };
}

describe('FramePublisher', () => {
  it('publishes a streaming run at most once per interval, the latest frame last', () => {
    const { clock, published, publisher } = setup();
    for (let k = 0; k < 30; k++) {
      publisher.offer(frame(k * 1000));
      clock.advance(16);
    }
    // 30 frames 16 ms apart: the first at once, then the latest held one every 100 ms.
    expect(published.map((p) => p.simTimeUs)).toEqual([0, 6000, 12000, 18000, 24000]);
    clock.advance(100);
    expect(published.at(-1)?.simTimeUs).toBe(29000);
    expect(clock.pending).toBe(0);
  });

  it('keeps every chart sample of the frames it holds, in order', () => {
    const { clock, published, publisher } = setup();
    publisher.offer(frame(0, { samples: [sample(0)] }));
    clock.advance(10);
    publisher.offer(frame(1, { samples: [sample(1)] }));
    clock.advance(10);
    publisher.offer(frame(2, { samples: [sample(2), sample(3)] }));
    expect(published).toHaveLength(1);
    clock.advance(100);
    expect(published.map((p) => p.samples)).toEqual([[0], [1, 2, 3]]);
  });

  it('sends discrete changes at once: a pause, a play, a journal change, a step back, an urgent frame', () => {
    const { clock, published, publisher } = setup();
    publisher.offer(frame(0));
    clock.advance(1);
    publisher.offer(frame(10, { playing: false }));
    clock.advance(1);
    publisher.offer(frame(20));
    clock.advance(1);
    publisher.offer(frame(30, { revision: 1 }));
    clock.advance(1);
    publisher.offer(frame(40, { revision: 1, entries: 1 }));
    clock.advance(1);
    publisher.offer(frame(5, { revision: 1, entries: 1 }));
    clock.advance(1);
    publisher.offer(frame(6, { revision: 1, entries: 1 }), true);
    expect(published.map((p) => p.simTimeUs)).toEqual([0, 10, 20, 30, 40, 5, 6]);
  });

  it('holds a streaming frame that changes nothing discrete', () => {
    const { clock, published, publisher } = setup();
    publisher.offer(frame(0));
    clock.advance(1);
    publisher.offer(frame(10));
    expect(published).toHaveLength(1);
    clock.advance(98);
    expect(published).toHaveLength(1);
    clock.advance(1);
    expect(published.map((p) => p.simTimeUs)).toEqual([0, 10]);
  });

  it('drop forgets the held frame and its samples; flush sends it now', () => {
    const { clock, published, publisher } = setup();
    publisher.offer(frame(0));
    publisher.offer(frame(10, { samples: [sample(1)] }));
    publisher.drop();
    clock.advance(200);
    expect(published.map((p) => p.simTimeUs)).toEqual([0]);
    publisher.offer(frame(20, { samples: [sample(2)] }));
    clock.advance(1);
    publisher.offer(frame(30, { samples: [sample(3)] }));
    publisher.flush();
    expect(published.map((p) => [p.simTimeUs, p.samples])).toEqual([
      [0, []],
      [20, [2]],
      [30, [3]],
    ]);
    clock.advance(200);
    expect(published).toHaveLength(3);
  });
});

describe('advanceFrameClock', () => {
  it('keeps the frame before for interpolation, and restarts on a step back in time', () => {
    const clock: FrameClock = { frame: undefined, wallMs: 0, prevSimUs: 0, prevWallMs: 0, received: 0 };
    advanceFrameClock(frame(1000), 10, clock);
    expect(clock).toMatchObject({ wallMs: 10, prevSimUs: 1000, prevWallMs: 0, received: 1 });
    advanceFrameClock(frame(3000), 26, clock);
    expect(clock).toMatchObject({ wallMs: 26, prevSimUs: 1000, prevWallMs: 10, received: 2 });
    advanceFrameClock(frame(500), 42, clock);
    expect(clock).toMatchObject({ wallMs: 42, prevSimUs: 500, prevWallMs: 26, received: 3 });
    expect(clock.frame?.simTimeUs).toBe(500);
  });
});
