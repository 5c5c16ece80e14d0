import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../scenario/examples/default';
import { HOP_FIELDS, LINK_FIELDS } from '../engine/hops';
import { SimHost, type HostClock } from './host';
import type { Frame } from './protocol';

/** A host on the default scenario with a manual wall clock; the UI acknowledges when told to. */
function host(speed: number, acknowledge = true) {
  let now = 0;
  let tick: (() => void) | undefined;
  const clock: HostClock = { nowMs: () => now, every: (_ms, fn) => ((tick = fn), () => (tick = undefined)) };
  const h = new SimHost(clock);
  h.load(defaultScenario);
  const frames: Frame[] = [];
  h.subscribe((f) => {
    frames.push(f);
    if (acknowledge) h.ack();
  });
  h.setSpeed(speed);
  return { h, frames, advance: (ms: number) => ((now += ms), tick?.()) };
}

const packetsOn = (links: Float64Array) => {
  let n = 0;
  for (let o = 0; o < links.length; o += LINK_FIELDS) n += links[o + 2]!;
  return n;
};

describe('frames carry what edge rates and the reached speed need', () => {
  it('per-link counters count every hop the frames carried, cumulatively', () => {
    const { h, frames, advance } = host(1);
    h.play();
    for (let i = 0; i < 40; i++) advance(16);
    const sent = frames.reduce((n, f) => n + f.hops.length / HOP_FIELDS, 0);
    expect(sent).toBeGreaterThan(100);
    expect(packetsOn(frames.at(-1)!.links)).toBe(sent);
    const bytes = frames.at(-1)!.links.filter((_, i) => i % LINK_FIELDS === 3).reduce((a, b) => a + b, 0);
    expect(bytes).toBeGreaterThan(sent * 40); // real packet sizes, not a count
  });

  it('counts hops the worker dropped while the UI held a frame', { timeout: 60_000 }, () => {
    const { h, frames, advance } = host(200, false);
    h.play();
    for (let i = 0; i < 30; i++) advance(16); // ~1M hops: past the hop buffer's cap
    expect(frames).toHaveLength(1); // never acknowledged: only the first frame went out
    h.pause(); // a forced frame: it carries the counters of every hop so far
    const sent = frames.reduce((n, f) => n + f.hops.length / HOP_FIELDS, 0);
    const last = frames.at(-1)!;
    expect(last.droppedHops).toBeGreaterThan(0);
    expect(packetsOn(last.links)).toBe(sent + last.droppedHops);
  });

  it('reports the speed reached: the requested one when the engine keeps up, and at once the lower one after slowing down', () => {
    const { h, frames, advance } = host(2);
    h.play();
    for (let i = 0; i < 100; i++) advance(16);
    expect(frames.at(-1)!.reachedSpeed).toBeCloseTo(2, 1);
    h.setSpeed(0.5);
    advance(16);
    expect(frames.at(-1)!.reachedSpeed).toBeCloseTo(0.5, 1);
  });

  it('reaches less than the requested speed when ticks come late (a stalled worker)', () => {
    const { h, frames, advance } = host(1);
    h.play();
    // Each tick 400 ms late: a tick advances at most 100 ms of wall time's worth.
    for (let i = 0; i < 10; i++) advance(400);
    expect(frames.at(-1)!.reachedSpeed).toBeLessThan(0.4);
    expect(frames.at(-1)!.reachedSpeed).toBeGreaterThan(0.15);
  });
});
