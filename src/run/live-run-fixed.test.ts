import { describe, expect, it } from 'vitest';
import { examples } from '../scenario/examples';
import { parseScenario } from '../scenario/validate';
import { LiveRun } from './live-run';

/**
 * A running simulation keeps a population's request mix and TLS settings for the whole run (its
 * open requests are indexed by them). A change to them is refused by the API with the parameter
 * named, before it is journaled, and the run goes on; a saved journal holding one is refused at load.
 */

const S = 1_000_000;
const LB = 'lb-bp1l7rules00001';
const NEW_MIX = JSON.stringify({ mix: [{ weight: 3, path: '/api/*' }, { weight: 1, method: 'POST', path: '/upload' }] });

function started(): LiveRun {
  const run = new LiveRun(parseScenario(examples['l7-rules']));
  run.sim.runUntil(S);
  return run;
}

/** The population as SimDescribeClientPopulations answers it, as SimSetClientPopulation parameters. */
function described(run: LiveRun, id: string): Record<string, string> {
  const { response } = run.handle({ Action: 'SimDescribeClientPopulations', LoadBalancerId: LB, PopulationId: id });
  const [population] = (response.body['ClientPopulations'] as { ClientPopulation: Record<string, unknown>[] }).ClientPopulation;
  return Object.fromEntries(Object.entries(population!).map(([k, v]) => [k, String(v)]));
}

describe('changes the running engine cannot apply', () => {
  it("a population's request mix: InvalidParameter naming Http, nothing journaled, and the run goes on", () => {
    const run = started();
    const params = { Action: 'SimSetClientPopulation', LoadBalancerId: LB, ...described(run, 'browsers') };
    const { response, effect } = run.handle({ ...params, Http: NEW_MIX });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ Code: 'InvalidParameter', Message: expect.stringContaining('"Http"') });
    expect(String(response.body['Message'])).toContain('add a population under a new id');
    expect(effect).toBeUndefined();
    expect(run.journal).toEqual([]);
    expect(run.configuration.clients.find((c) => c.id === 'browsers')!.http!.mix).toHaveLength(3);

    // The run is intact: it plays on, and the same population sent back with another think time is accepted.
    run.sim.runUntil(2 * S);
    const accepted = run.handle({ ...params, ThinkTimeMs: '250' });
    expect(accepted.response.status).toBe(200);
    expect(run.journal.map((e) => e.action)).toEqual(['SimSetClientPopulation']);
    run.sim.runUntil(3 * S);
    expect(run.configuration.clients.find((c) => c.id === 'browsers')!.thinkTimeMs).toBe(250);
  });

  it('leaving Http out of a replacement drops the mix: refused the same way', () => {
    const run = started();
    const { Http: _mix, ...withoutMix } = described(run, 'browsers');
    const { response } = run.handle({ Action: 'SimSetClientPopulation', LoadBalancerId: LB, ...withoutMix });
    expect(response.body).toMatchObject({ Code: 'InvalidParameter', Message: expect.stringContaining('"Http"') });
    expect(run.journal).toEqual([]);
  });

  it('deleted and set again under the same id with another mix is refused; under a new id it is accepted and runs', () => {
    const run = started();
    expect(run.handle({ Action: 'SimDeleteClientPopulation', LoadBalancerId: LB, PopulationId: 'browsers' }).response.status).toBe(200);
    run.sim.runUntil(2 * S);
    const again = { Action: 'SimSetClientPopulation', LoadBalancerId: LB, ListenerPort: '80', ConnectionsPerSecond: '20', Http: NEW_MIX };
    expect(run.handle({ ...again, PopulationId: 'browsers' }).response.body).toMatchObject({ Code: 'InvalidParameter', Message: expect.stringContaining('"Http"') });
    expect(run.journal.map((e) => e.action)).toEqual(['SimDeleteClientPopulation']);
    expect(run.handle({ ...again, PopulationId: 'uploaders' }).response.status).toBe(200);
    run.sim.runUntil(5 * S);
    expect(run.sim.stats().connections.opened).toBeGreaterThan(0);
  });

  it('a saved journal holding such a change is refused at load, naming the entry', () => {
    const scenario = parseScenario({
      ...examples['l7-rules'],
      journal: [{ atUs: S, source: 'api', action: 'SimSetClientPopulation', params: { LoadBalancerId: LB, PopulationId: 'browsers', ListenerPort: '80', ConnectionsPerSecond: '10', Http: NEW_MIX } }],
    });
    expect(() => new LiveRun(scenario)).toThrow(/journal\.0: SimSetClientPopulation at 1000000 µs cannot be applied to the running simulation: clients\[browsers\]\.http/);
  });
});
