import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenario/validate';
import { US_PER_S } from '../../shared/units';
import { randomL7 } from '../../test/random-l7-scenarios';
import { checkInvariants } from '../invariants';
import { Simulation } from '../simulation';

/**
 * Conservation over random layer-7 scenarios: at every checkpoint every request sent has ended
 * with exactly one status or is in flight, every connection likewise, and the Tengine books
 * (client connections, upstream pools) never go negative; once the clients stop, everything drains.
 */
describe('layer-7 conservation (random scenarios)', () => {
  it('invariants hold at every checkpoint, and a finite workload drains to nothing in flight', () => {
    fc.assert(
      fc.property(randomL7(3), (g) => {
        const sim = new Simulation(parseScenario(g.scenario), { seed: g.seed });
        for (let t = 0.5; t <= 6; t += 0.5) {
          sim.runUntil(t * US_PER_S);
          expect(checkInvariants(sim), `at ${t} s`).toEqual([]);
        }
        sim.runUntil(400 * US_PER_S);
        const report = sim.report();
        expect(report.invariants.violations).toEqual([]);
        expect(report.requests.inFlight).toBe(0);
        expect(report.connections.inFlight).toBe(0);
        expect(report.requests.sent).toBe(Object.values(report.requests.byStatus).reduce((a, b) => a + b, 0));
        // Every client connection Tengine accepted was closed again.
        expect(Array.from(sim.tengine.clientConnections)).toEqual([0, 0]);
      }),
      { seed: 707, numRuns: 40, interruptAfterTimeLimit: 20_000 },
    );
  });

  it('is deterministic: the same scenario and seed give the same trace hash and report', () => {
    fc.assert(
      fc.property(randomL7(2), (g) => {
        const a = new Simulation(parseScenario(g.scenario), { seed: g.seed });
        const b = new Simulation(parseScenario(g.scenario), { seed: g.seed });
        a.runUntil(3 * US_PER_S);
        b.runUntil(3 * US_PER_S);
        expect(a.traceHash).toBe(b.traceHash);
        expect(a.report().requests).toEqual(b.report().requests);
      }),
      { seed: 708, numRuns: 15, interruptAfterTimeLimit: 10_000 },
    );
  });
});
