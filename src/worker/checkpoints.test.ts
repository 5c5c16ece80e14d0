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
    for (let k = 0; k < 15; k++) {
      sim.runUntil(store.nextDueUs());
      store.add(sim);
      expect(store.bytes).toBeLessThanOrEqual(budget);
    }
    expect(store.before(10_000_000)?.timeUs).toBe(10_000_000); // the first checkpoint is always kept
    expect(store.count).toBeLessThan(16);
    // A restore from the kept checkpoints still replays to the same state.
    const cp = store.before(sim.timeUs)!;
    const replay = cp.sim.fork();
    replay.runUntil(sim.timeUs);
    expect(replay.traceHash).toBe(sim.traceHash);
  });
});
