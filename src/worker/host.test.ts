import { attached, oneLoadBalancer, withLoadBalancer } from '../scenario/examples/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../scenario/examples/default';
import { HOP_FIELDS } from '../engine/hops';
import { Simulation } from '../engine/simulation';
import { ClientPhase } from '../engine/traffic/connection-table';
import type { ScenarioInput } from '../scenario/schema';
import { parseScenario } from '../scenario/validate';
import { MAX_EVENTS_PER_TICK, SimHost, type HostClock } from './host';
import { MAX_SPEED, MIN_SPEED, type Frame } from './protocol';

/** A manual clock: `advance` moves wall time and fires the ticker, as the worker's setInterval would. */
function manualClock() {
  let now = 0;
  let tick: (() => void) | undefined;
  const clock: HostClock = {
    nowMs: () => now,
    every: (_ms, fn) => {
      tick = fn;
      return () => (tick = undefined);
    },
  };
  return {
    clock,
    advance(ms: number) {
      now += ms;
      tick?.();
    },
    get ticking() {
      return tick !== undefined;
    },
  };
}

/**
 * A host playing the default scenario at `speed`, with a UI that records and acknowledges every
 * frame (handing each frame's hop array back with the ack when `handBackHops`, as the page does).
 */
function playingAt(speed: number, handBackHops = false) {
  const wall = manualClock();
  const host = new SimHost(wall.clock);
  host.load(defaultScenario);
  const frames: Frame[] = [];
  host.subscribe((f) => {
    frames.push(f);
    host.ack(handBackHops ? new Float64Array(f.hops.buffer) : undefined);
  });
  host.setSpeed(speed);
  host.play();
  return { wall, host, frames };
}

describe('SimHost', () => {
  it('fills the hop array the UI hands back with its ack for the next frame', () => {
    const { wall, frames } = playingAt(1, true);
    for (let i = 0; i < 20; i++) wall.advance(20);
    const withHops = frames.filter((f) => f.hops.length > 0);
    expect(withHops.length).toBeGreaterThan(2);
    // After the first frame that allocated one, every frame reuses an array handed back.
    const buffers = new Set(frames.slice(1).map((f) => f.hops.buffer));
    expect(buffers.size).toBeLessThanOrEqual(2);
    const sum = withHops.reduce((n, f) => n + f.hops.length, 0);
    expect(sum % HOP_FIELDS).toBe(0);
  });

  it('paces simulated time at the chosen speed and sends hops in frames', () => {
    const { wall, frames } = playingAt(0.5);
    for (let i = 0; i < 50; i++) wall.advance(20); // 1 s of wall time
    const last = frames.at(-1)!;
    expect(last.simTimeUs).toBe(500_000);
    expect(last.playing).toBe(true);
    const hops = frames.reduce((n, f) => n + f.hops.length / HOP_FIELDS, 0);
    expect(hops).toBeGreaterThan(0);
  });

  it('at maximum speed a tick never runs more than its event budget, checkpoint or not', () => {
    const { wall, frames } = playingAt(10_000); // 1,000 simulated s per 100 ms tick: far past every checkpoint
    for (let i = 0; i < 12; i++) wall.advance(100);
    const perTick = frames.slice(1).map((f, i) => f.events - frames[i]!.events);
    expect(perTick.length).toBeGreaterThanOrEqual(12);
    expect(frames.at(-1)!.behind).toBe(true); // the budget, not the clock, limited these ticks
    expect(Math.max(...perTick)).toBeLessThanOrEqual(MAX_EVENTS_PER_TICK);
    expect(Math.min(...perTick)).toBeGreaterThan(0);
  }, 30_000); // twelve ticks of 400,000 events: past vitest's 5 s default when the machine is busy

  it('a budget that runs out inside one microsecond never counts as having reached it', () => {
    // 250,000 connections open at 4.9798 s; their SYNs all reach the router at exactly 5 s, where
    // a checkpoint falls due and the 400,000-event budget runs out among events of one microsecond.
    const burst: ScenarioInput = {
      ...withLoadBalancer(defaultScenario, (lb) => ({ ...lb, LoadBalancerSpec: 'slb.s3.large' })),
      clients: [{ ListenerPort: 80, clientIps: 50_000, arrival: { type: 'burst', burstEverySeconds: 4.9798, burstSize: 250_000 } }],
    };
    const fresh = (untilUs: number) => {
      const sim = new Simulation(parseScenario(burst));
      sim.runUntil(untilUs);
      return { events: sim.events, traceHash: sim.traceHash };
    };
    const host = new SimHost(manualClock().clock);
    host.load(burst);
    const at = (summary: { events: number; traceHash: string }) => ({ events: summary.events, traceHash: summary.traceHash });
    const atFive = fresh(5_000_000);
    expect(atFive.events).toBeGreaterThan(MAX_EVENTS_PER_TICK);
    expect(at(host.runUntil(5_000_000))).toEqual(atFive);
    host.runUntil(6_000_000);
    // Back to the checkpoint at 5 s: it must hold every event of that microsecond.
    expect(at(host.seek(5_000_000))).toEqual(atFive);
  }, 30_000); // about a million events, several times over

  it('pause stops the clock; step advances exactly one event', () => {
    const wall = manualClock();
    const host = new SimHost(wall.clock);
    host.load(defaultScenario);
    host.play();
    wall.advance(16);
    host.pause();
    expect(wall.ticking).toBe(false);
    const before = host.runUntil(0);
    const after = host.step();
    expect(after.events).toBe(before.events + 1);
    expect(after.playing).toBe(false);
  });

  it('does not flood a UI that has not acknowledged: skipped frames are counted and hops kept', () => {
    const wall = manualClock();
    const host = new SimHost(wall.clock);
    host.load(defaultScenario);
    const frames: Frame[] = [];
    host.subscribe((f) => frames.push(f)); // never acks
    host.setSpeed(1);
    host.play();
    for (let i = 0; i < 10; i++) wall.advance(16);
    expect(frames).toHaveLength(1); // the frame sent on subscribe, never acknowledged
    host.ack();
    wall.advance(16);
    expect(frames).toHaveLength(2);
    expect(frames[1]!.droppedFrames).toBe(10); // all ten ticks while the UI held a frame
    expect(frames[1]!.hops.length).toBeGreaterThan(0);
  });

  it('reset with a seed restarts the run deterministically', () => {
    const wall = manualClock();
    const host = new SimHost(wall.clock);
    host.load(defaultScenario);
    const a = host.runUntil(1_000_000);
    host.reset(9);
    const b = host.runUntil(1_000_000);
    host.reset(1);
    const c = host.runUntil(1_000_000);
    expect(c.traceHash).toBe(a.traceHash);
    expect(b.traceHash).not.toBe(a.traceHash);
  });

  it('rejects an invalid scenario with the field named', () => {
    const host = new SimHost(manualClock().clock);
    expect(() => host.load(oneLoadBalancer({ listeners: [{ ListenerPort: 0 }] }))).toThrow(/loadBalancers\.0\.listeners\.0\.ListenerPort/);
  });
});

/** Few events (health checks only), so a tick reaches its target time unless pacing stops it. */
const QUIET: ScenarioInput = oneLoadBalancer({
  listeners: [{ ListenerPort: 80 }],
  ...attached([{ ServerId: 'i-a1', PrivateIp: '10.0.0.1' }]),
});

/** The host's wall-time clamp per tick: a tick never accounts for more than this much wall time. */
const MAX_TICK_WALL_MS = 100;

function quietHost() {
  const wall = manualClock();
  const host = new SimHost(wall.clock);
  host.load(QUIET);
  const frames: Frame[] = [];
  host.subscribe((f) => {
    frames.push(f);
    host.ack();
  });
  return { wall, host, frames };
}

describe('SimHost pacing limits', () => {
  it('a tick accounts for at most 100 ms of wall time: a tab that slept 10 s does not jump 10 s × speed ahead', () => {
    const { wall, host, frames } = quietHost();
    host.setSpeed(1);
    host.play();
    wall.advance(10_000);
    expect(frames.at(-1)!.simTimeUs).toBe(MAX_TICK_WALL_MS * 1000);
    wall.advance(16);
    expect(frames.at(-1)!.simTimeUs).toBe((MAX_TICK_WALL_MS + 16) * 1000);
    wall.advance(60_000);
    expect(frames.at(-1)!.simTimeUs).toBe((2 * MAX_TICK_WALL_MS + 16) * 1000);
  });

  it('the speed is capped at MAX_SPEED and floored at MIN_SPEED; a non-finite speed is ignored', () => {
    const { wall, host, frames } = quietHost();
    host.setSpeed(1e9);
    host.play();
    wall.advance(16);
    expect(frames.at(-1)!.speed).toBe(MAX_SPEED);
    expect(frames.at(-1)!.simTimeUs).toBe(16 * 1000 * MAX_SPEED);
    host.setSpeed(Number.POSITIVE_INFINITY);
    host.setSpeed(Number.NaN);
    host.setSpeed(0);
    const before = frames.at(-1)!.simTimeUs;
    wall.advance(20);
    expect(frames.at(-1)!.speed).toBe(MIN_SPEED);
    expect(frames.at(-1)!.simTimeUs - before).toBe(Math.round(20 * 1000 * MIN_SPEED));
    host.setSpeed(-5);
    expect(host.runUntil(0).speed).toBe(MIN_SPEED);
  });

  it('property: each tick advances simulated time by exactly min(wall, 100 ms) × the capped speed, never more (seed 11)', () => {
    const step = fc.record({ wallMs: fc.integer({ min: 0, max: 3000 }), speed: fc.option(fc.double({ min: 0.001, max: 1e7, noNaN: true }), { nil: undefined }) });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), (steps) => {
        const { wall, host, frames } = quietHost();
        host.setSpeed(1);
        host.play();
        let speed = 1;
        for (const { wallMs, speed: next } of steps) {
          if (next !== undefined) {
            host.setSpeed(next);
            speed = Math.min(MAX_SPEED, Math.max(MIN_SPEED, next));
          }
          const before = frames.at(-1)!.simTimeUs;
          wall.advance(wallMs);
          const advanced = frames.at(-1)!.simTimeUs - before;
          const allowed = Math.round(Math.min(MAX_TICK_WALL_MS, wallMs) * 1000 * speed);
          expect(advanced).toBeLessThanOrEqual(allowed);
          if (!frames.at(-1)!.behind) expect(advanced).toBe(allowed);
        }
      }),
      { seed: 11, numRuns: 60 },
    );
  });

  it('under load the same holds: a tick never advances more than 100 ms × speed, however long the wall gap', () => {
    const { wall, frames } = playingAt(2);
    for (const gap of [16, 250, 16, 5000, 33, 1000]) {
      const before = frames.at(-1)!.simTimeUs;
      wall.advance(gap);
      expect(frames.at(-1)!.simTimeUs - before).toBeLessThanOrEqual(Math.min(MAX_TICK_WALL_MS, gap) * 1000 * 2);
    }
    expect(frames.at(-1)!.simTimeUs).toBe((16 + 100 + 16 + 100 + 33 + 100) * 1000 * 2);
  });
});

/** The host's simulation, for assertions (the host keeps it private). */
const simOf = (host: SimHost): Simulation => (host as unknown as { requireSim(): Simulation }).requireSim();

describe('journey checkpoint (issue 13: the journey says where its replay starts)', () => {
  it('is the last checkpoint before the connection opened, the one the journey replays from', () => {
    const host = new SimHost(manualClock().clock);
    host.load(defaultScenario);
    host.runUntil(12_000_000);
    const openedBy = (us: number) => {
      const probe = new SimHost(manualClock().clock);
      probe.load(defaultScenario);
      probe.runUntil(us);
      return simOf(probe).conns.opened;
    };
    // Connections opened after 5 s but by 10 s replay from the 5 s checkpoint; the first from time 0.
    const late = openedBy(10_000_000);
    const early = openedBy(5_000_000);
    expect(late).toBeGreaterThan(early + 1);
    expect(host.journeyCheckpoint(1)).toBe(0);
    expect(host.journeyCheckpoint(late)).toBe(5_000_000);
    // Its first entry (the open) comes at or after that checkpoint.
    expect(host.journey(late)[0]!.timeUs).toBeGreaterThanOrEqual(5_000_000);
    // Not opened yet: no replay, no checkpoint.
    expect(host.journeyCheckpoint(simOf(host).conns.opened + 1)).toBeUndefined();
    expect(host.journey(simOf(host).conns.opened + 1)).toEqual([]);
  });
});

describe('next packet of a connection (issue 13)', () => {
  it('says whether a connection is pending, open or ended, with the outcome and time from its journey', () => {
    const host = new SimHost(manualClock().clock);
    host.load(defaultScenario);
    host.runUntil(5_000_000);
    const opened = simOf(host).conns.opened;
    expect(host.connectionStatus(opened + 100)).toEqual({ state: 'pending' });
    expect(host.connectionStatus(0)).toEqual({ state: 'pending' });
    const c = simOf(host).conns;
    let open = -1;
    for (let slot = 0; slot < c.slots && open < 0; slot++) if (c.serial[slot] !== 0 && c.phase[slot] !== ClientPhase.Done) open = c.serial[slot] as number;
    expect(host.connectionStatus(open).state).toBe('open');
    // The first connection of the default scenario is long over by 5 s.
    const first = host.connectionStatus(1);
    expect(first.state).toBe('ended');
    if (first.state !== 'ended') return;
    const outcome = host.journey(1).find((e) => e.event === 'outcome')!;
    expect(first).toEqual({ state: 'ended', atUs: outcome.timeUs, outcome: outcome.reason.split(':')[0] });
  });

  it('Next packet on an ended connection returns at once, the run where it was', () => {
    const host = new SimHost(manualClock().clock);
    host.load(defaultScenario);
    host.runUntil(5_000_000);
    const before = simOf(host).events;
    host.stepToPacketOf(1);
    expect(simOf(host).events).toBe(before);
  });
});
