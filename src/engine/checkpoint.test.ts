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
