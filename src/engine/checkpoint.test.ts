import { describe, expect, it } from 'vitest';
import { examples } from '../scenario/examples';
import { parseScenario } from '../scenario/validate';
import { JourneyLog } from './journal';
import { Simulation } from './simulation';

describe('checkpoints (fork) and deterministic replay', () => {
  for (const name of ['default', 'l4-failover', 'egress-billing', 'l7-rules', 'https-keyserver']) {
    it(`${name}: a fork taken mid-run continues exactly like the original`, () => {
      const scenario = parseScenario(examples[name]);
      const original = new Simulation(scenario);
      original.runUntil(21_000_000);
      const fork = original.fork();
      original.runUntil(35_000_000);
      fork.runUntil(35_000_000);
      expect(fork.traceHash).toBe(original.traceHash);
      expect(fork.report()).toEqual(original.report());
    });
  }

  it('a fork is independent: running it does not move the original', () => {
    const original = new Simulation(parseScenario(examples['default']));
    original.runUntil(1_000_000);
    const before = original.stats();
    original.fork().runUntil(5_000_000);
    expect(original.stats()).toEqual(before);
  });

  it('a fork reports to its own journal', () => {
    const original = new Simulation(parseScenario(examples['default']));
    original.runUntil(1_000_000);
    const journal = new JourneyLog();
    const fork = original.fork({ journal });
    fork.runUntil(2_000_000);
    expect(journal.entries.length).toBeGreaterThan(0);
    expect(original.journal).toBeUndefined();
  });
});

describe('packed snapshots (what checkpoints hold)', () => {
  for (const name of ['default', 'l4-failover', 'l7-rules']) {
    it(`${name}: a restore from a snapshot taken against an earlier one continues exactly like the original`, () => {
      const original = new Simulation(parseScenario(examples[name]));
      original.runUntil(10_000_000);
      const first = original.snapshot();
      original.runUntil(21_000_000);
      const second = original.snapshot(first);
      // Restored, run on, and snapshotted against its source: the chain of shared chunks stays exact.
      const restored = Simulation.restore(second);
      restored.runUntil(28_000_000);
      const third = restored.snapshot(second);
      original.runUntil(35_000_000);
      const fromThird = Simulation.restore(third);
      fromThird.runUntil(35_000_000);
      expect(fromThird.traceHash).toBe(original.traceHash);
      expect(fromThird.report()).toEqual(original.report());
      // The earlier snapshot is untouched by everything since: it still replays to the same place.
      const fromFirst = Simulation.restore(first);
      fromFirst.runUntil(35_000_000);
      expect(fromFirst.traceHash).toBe(original.traceHash);
    });
  }

  it('a snapshot copies less than the tables hold, and one taken against the previous copies only what changed', () => {
    // ui-bench's tables span many chunks (default's fit in a few, each touched in any interval).
    const sim = new Simulation(parseScenario(examples['ui-bench']));
    sim.runUntil(2_000_000);
    const first = sim.snapshot();
    expect(first.copiedBytes).toBeLessThan(first.liveBytes); // unused capacity is not copied
    sim.runUntil(2_050_000);
    const second = sim.snapshot(first);
    expect(second.copiedBytes).toBeLessThan(first.copiedBytes);
    const shared = second.chunks.filter((c) => first.chunks.includes(c)).length;
    expect(shared).toBeGreaterThan(0);
  });

  it('two restores of one snapshot are independent of each other', () => {
    const sim = new Simulation(parseScenario(examples['default']));
    sim.runUntil(5_000_000);
    const snapshot = sim.snapshot();
    const a = Simulation.restore(snapshot);
    const b = Simulation.restore(snapshot);
    a.runUntil(9_000_000);
    expect(b.timeUs).toBe(5_000_000);
    b.runUntil(9_000_000);
    expect(b.traceHash).toBe(a.traceHash);
  });
});
