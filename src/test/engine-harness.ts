import { Simulation } from '../engine/simulation';
import { HopBuffer, HOP_FIELDS } from '../engine/hops';
import { JourneyLog, type JourneyEntry } from '../engine/journal';
import { parseScenario } from '../scenario/validate';
import type { ScenarioInput } from '../scenario/schema';
import { US_PER_S } from '../shared/units';

/** Test harness: runs a scenario with a journal and a hop recorder attached. */
export function run(input: ScenarioInput, untilS: number, seed?: number) {
  const journal = new JourneyLog();
  const hops = new HopBuffer(10_000_000);
  const sim = new Simulation(parseScenario(input), { journal, recorder: hops, ...(seed === undefined ? {} : { seed }) });
  sim.runUntil(untilS * US_PER_S);
  return { sim, journal, hops: hops.drain(), report: sim.report() };
}

export interface Hop {
  from: string;
  to: string;
  departUs: number;
  arriveUs: number;
  type: number;
  conn: number;
}

/** Decodes recorded hops with node keys instead of ids. */
export function decodeHops(sim: Simulation, flat: Float64Array): Hop[] {
  const hops: Hop[] = [];
  for (let o = 0; o < flat.length; o += HOP_FIELDS) {
    hops.push({
      from: sim.topology.nodes[flat[o]!]!.key,
      to: sim.topology.nodes[flat[o + 1]!]!.key,
      departUs: flat[o + 2]!,
      arriveUs: flat[o + 3]!,
      type: flat[o + 4]!,
      conn: flat[o + 5]!,
    });
  }
  return hops;
}

export function entries(journal: JourneyLog, conn: number, event?: string): JourneyEntry[] {
  return journal.forConnection(conn).filter((e) => event === undefined || e.event === event);
}

/** The connection's outcome reason from its journal ("completed", "failover_unsynced", …), or in_flight. */
export function outcomeOf(journal: JourneyLog, serial: number): string {
  const entry = journal.forConnection(serial).find((e) => e.event === 'outcome');
  return entry ? entry.reason.split(':')[0]! : 'in_flight';
}
