import { describe, expect, it } from 'vitest';
import { examples } from '../scenario/examples';
import { parseScenario } from '../scenario/validate';
import { US_PER_S } from '../shared/units';
import { HopBuffer, HOP_FIELDS } from './hops';
import { Simulation } from './simulation';

const defaultScenario = parseScenario(examples['default']);

function runFor(seconds: number, seed?: number): Simulation {
  const sim = new Simulation(defaultScenario, seed === undefined ? {} : { seed });
  sim.runUntil(seconds * US_PER_S);
  return sim;
}

describe('Simulation determinism', () => {
  it('same scenario and seed give the same trace hash and counters', () => {
    const a = runFor(5).stats();
    const b = runFor(5).stats();
    expect(a).toEqual(b);
    expect(a.events).toBeGreaterThan(1000);
  });

  it('a different seed gives a different trace hash', () => {
    expect(runFor(5, 2).traceHash).not.toBe(runFor(5, 1).traceHash);
  });

  it('chunking the run (steps, many small runUntil calls) does not change the result', () => {
    const whole = runFor(2);
    const chunked = new Simulation(defaultScenario);
    for (let i = 0; i < 50; i++) chunked.step();
    for (let t = 1; t <= 200; t++) chunked.runUntil((t * 2 * US_PER_S) / 200);
    expect(chunked.stats()).toEqual(whole.stats());
  });

  it('recording hops for the UI does not change the run', () => {
    const recorder = new HopBuffer();
    const recorded = new Simulation(defaultScenario, { recorder });
    recorded.runUntil(2 * US_PER_S);
    expect(recorded.traceHash).toBe(runFor(2).traceHash);
    expect(recorder.count).toBeGreaterThan(0);
  });

  it('step processes exactly one event', () => {
    const sim = new Simulation(defaultScenario);
    sim.step();
    sim.step();
    expect(sim.events).toBe(2);
  });
});

describe('Simulation packet hops', () => {
  it('every hop follows a topology link and takes exactly its latency', () => {
    const recorder = new HopBuffer();
    const sim = new Simulation(defaultScenario, { recorder });
    sim.runUntil(US_PER_S);
    const n = sim.topology.nodes.length;
    const hops = recorder.drain();
    expect(hops.length / HOP_FIELDS).toBeGreaterThan(100);
    for (let o = 0; o < hops.length; o += HOP_FIELDS) {
      const latency = sim.topology.latencyUs[hops[o]! * n + hops[o + 1]!]!;
      expect(latency).toBeGreaterThan(0);
      expect(hops[o + 3]! - hops[o + 2]!).toBe(latency);
    }
  });

  it('connections complete through client → Internet → router → LVS → ECS and back', () => {
    const stats = runFor(10).stats();
    const { opened, completed, reset, inFlight } = stats.connections;
    expect(completed).toBeGreaterThan(0);
    expect(opened).toBe(completed + reset + inFlight);
  });
});
