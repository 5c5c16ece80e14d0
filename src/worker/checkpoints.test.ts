import { describe, expect, it } from 'vitest';
import { examples } from '../scenario/examples';
import { parseScenario } from '../scenario/validate';
import { Simulation } from '../engine/simulation';
import { CheckpointStore } from './checkpoints';

describe('CheckpointStore', () => {
  it('keeps at most `max` checkpoints, thinning and doubling the interval, and always keeps time 0', () => {
    const sim = new Simulation(parseScenario(examples['default']));
    const store = new CheckpointStore(1_000_000, 4);
    store.add(sim);
    for (let t = 1; t <= 12; t++) {
      sim.runUntil(store.nextDueUs());
      store.add(sim);
    }
    expect(store.count).toBeLessThanOrEqual(4);
    expect(store.before(0)?.timeUs).toBe(0);
    expect(store.interval).toBeGreaterThan(1_000_000);
  });

  it('stays under its byte budget on a busy run', () => {
    const sim = new Simulation(parseScenario(examples['default']));
    sim.runUntil(10_000_000);
    // A budget of about three checkpoints of a busy moment forces thinning well before 32.
    const probe = { bytes: 0 };
    sim.fork({}, probe);
    const budget = probe.bytes * 3;
    const store = new CheckpointStore(2_000_000, 32, budget);
    store.add(sim);
    // Thinning doubles the interval: stop at a simulated time rather than after a number of checkpoints.
    let taken = 1;
    while (store.nextDueUs() <= 60_000_000) {
      sim.runUntil(store.nextDueUs());
      store.add(sim);
      taken++;
      expect(store.bytes).toBeLessThanOrEqual(budget);
    }
    expect(store.before(10_000_000)?.timeUs).toBe(10_000_000); // the first checkpoint is always kept
    expect(store.count).toBeLessThan(taken);
    // A restore from the kept checkpoints still replays to the same state.
    const cp = store.before(sim.timeUs)!;
    const replay = cp.restore();
    replay.runUntil(sim.timeUs);
    expect(replay.traceHash).toBe(sim.traceHash);
  });

  it('counts a chunk shared by several checkpoints once, and releases it when the last of them goes', () => {
    const sim = new Simulation(parseScenario(examples['default']));
    const store = new CheckpointStore(1_000_000, 32, Number.MAX_SAFE_INTEGER);
    store.add(sim);
    sim.runUntil(10_000_000);
    store.add(sim);
    const one = store.bytes;
    sim.runUntil(10_050_000);
    store.add(sim);
    const two = store.bytes;
    const second = store.before(10_050_000)!;
    expect(second.timeUs).toBe(10_050_000);
    expect(two).toBeGreaterThan(one);
    // Only the chunks the second checkpoint copied are added: those it shares with the first count once.
    expect(two - one).toBe(second.bytes);
    expect(second.bytes).toBeLessThan(one);
    store.dropAfter(10_000_000);
    expect(store.bytes).toBe(one);
    store.clear();
    expect(store.bytes).toBe(0);
  });

  it('one budget covers the live simulation and the checkpoints: they use only what the live one leaves', () => {
    const sim = new Simulation(parseScenario(examples['default']));
    sim.runUntil(10_000_000);
    const live = sim.snapshot().liveBytes;
    const budget = live + 2 * 1024 * 1024;
    const store = new CheckpointStore(1_000_000, 32, budget);
    store.add(sim);
    // Thinning doubles the interval: stop at 60 s rather than after a number of checkpoints.
    while (store.nextDueUs() <= 60_000_000) {
      sim.runUntil(store.nextDueUs());
      store.add(sim);
      const memory = store.memory();
      expect(memory.checkpointBytes).toBeLessThanOrEqual(Math.max(0, budget - memory.liveBytes));
    }
    expect(store.memory().liveBytes).toBeGreaterThanOrEqual(live);
    expect(store.interval).toBeGreaterThan(1_000_000); // the budget, not the count, thinned the store
    // Whatever was kept still restores to a simulation that replays to the same trace hash.
    const cp = store.before(sim.timeUs)!;
    const replay = cp.restore();
    replay.runUntil(sim.timeUs);
    expect(replay.traceHash).toBe(sim.traceHash);
  });

  it('when not even one checkpoint fits, only time 0 is kept and the store tries again less often', () => {
    const sim = new Simulation(parseScenario(examples['default']));
    const store = new CheckpointStore(1_000_000, 32, 1);
    store.add(sim);
    for (let k = 0; k < 6; k++) {
      sim.runUntil(store.nextDueUs());
      store.add(sim);
    }
    expect(store.count).toBe(1);
    expect(store.before(sim.timeUs)?.timeUs).toBe(0);
    expect(store.nextDueUs()).toBeGreaterThan(sim.timeUs + 1_000_000); // not at every tick
  });

  it('when the live tables grow between checkpoints, the checkpoints are thinned at once to stay within the budget', () => {
    const probe = new Simulation(parseScenario(examples['ui-bench']));
    probe.runUntil(6_000_000);
    const budget = probe.tableBytes() + 1024 * 1024;
    const sim = new Simulation(parseScenario(examples['ui-bench']));
    const store = new CheckpointStore(500_000, 32, budget);
    store.add(sim);
    while (store.nextDueUs() <= 3_000_000) {
      sim.runUntil(store.nextDueUs());
      store.add(sim);
    }
    const before = store.memory();
    expect(before.checkpoints).toBeGreaterThanOrEqual(2);
    expect(before.checkpointBytes).toBeGreaterThan(1024 * 1024); // they fitted while the tables were small
    sim.runUntil(6_000_000); // the tables grow (20,000 new connections/s); no checkpoint is due yet
    store.noteLive(sim);
    const after = store.memory();
    expect(after.liveBytes).toBe(budget - 1024 * 1024);
    expect(after.checkpointBytes).toBeLessThanOrEqual(budget - after.liveBytes);
    expect(after.checkpoints).toBeLessThan(before.checkpoints);
    expect(store.before(0)?.timeUs).toBe(0);
  });
});
