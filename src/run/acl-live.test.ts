import { describe, expect, it } from 'vitest';
import { attached, oneLoadBalancer } from '../scenario/examples/shared';
import { parseScenario } from '../scenario/validate';
import { LiveRun } from './live-run';

const S = 1_000_000;
const LB = 'lb-aclive0001';

/**
 * ACLs configured through the API while a run plays (LiveRun, as the worker and the loopback
 * server serve it): each accepted call is journaled at its simulated time and applied there.
 * Population "office" draws from 100.0.0.0/24, "internet" from 100.16.0.0/24 (traffic/clients.ts).
 */
function liveRun(): LiveRun {
  const client = { clientIps: 256, rtoMs: 200, maxRetries: 3, arrival: { type: 'constant' as const, connectionsPerSecond: 10 } };
  return new LiveRun(
    parseScenario(oneLoadBalancer({
      loadBalancer: { LoadBalancerId: LB },
      cluster: { lvsNodes: 2 },
      listeners: [{ ListenerPort: 80, HealthCheck: 'off' }],
      ...attached([{ ServerId: 'i-a1', PrivateIp: '10.0.0.1', serviceTimeMs: 1 }]),
      clients: [
        { id: 'office', ListenerPort: 80, ...client },
        { id: 'internet', ListenerPort: 80, ...client },
      ],
    })),
  );
}

function call(run: LiveRun, params: Record<string, string>): Record<string, unknown> {
  const { response } = run.handle(params);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

/** Creates a white list of the office block and switches it on for port 80, at the run's current time. */
function restrictToOffice(run: LiveRun): void {
  const id = String(call(run, { Action: 'CreateAccessControlList', AclName: 'office' })['AclId']);
  call(run, { Action: 'AddAccessControlListEntry', AclId: id, AclEntrys: JSON.stringify([{ entry: '100.0.0.0/24', comment: 'office' }]) });
  call(run, { Action: 'SetLoadBalancerTCPListenerAttribute', LoadBalancerId: LB, ListenerPort: '80', AclStatus: 'on', AclType: 'white', AclId: id });
}

describe('ACLs through the API on a live run', () => {
  it('take effect at the time of the call, are journaled, and a reloaded run reproduces the trace hash', () => {
    const run = liveRun();
    run.sim.runUntil(5 * S);
    expect(run.sim.report().connections.byOutcome['acl_denied']).toBeUndefined();
    restrictToOffice(run);
    expect(run.journal.map((e) => [e.atUs, e.action])).toEqual([
      [5 * S, 'CreateAccessControlList'],
      [5 * S, 'AddAccessControlListEntry'],
      [5 * S, 'SetLoadBalancerTCPListenerAttribute'],
    ]);
    run.sim.runUntil(15 * S);
    const report = run.sim.report();
    // About 10 internet connections a second from 5 s on, each denied after 4 SYNs over 3 s.
    expect(report.accessControl).toHaveLength(1);
    expect(report.accessControl[0]!.deniedConnections).toBeGreaterThanOrEqual(95);
    // Those that gave up sent 4 SYNs each; those still retrying at 15 s fewer.
    const gaveUp = report.connections.byOutcome['acl_denied']!;
    expect(gaveUp).toBeGreaterThan(60);
    expect(report.accessControl[0]!.deniedPackets).toBeGreaterThanOrEqual(gaveUp * 4);
    expect(report.accessControl[0]!.deniedPackets).toBeLessThan(report.accessControl[0]!.deniedConnections * 4);
    expect(report.invariants.ok).toBe(true);

    const reloaded = new LiveRun(run.scenario);
    reloaded.sim.runUntil(15 * S);
    expect(reloaded.sim.traceHash).toBe(run.sim.traceHash);
    expect(reloaded.sim.report().accessControl).toEqual(report.accessControl);
  });

  it('a refused call is not journaled and changes nothing in the engine', () => {
    const run = liveRun();
    run.sim.runUntil(2 * S);
    const { response } = run.handle({ Action: 'SetLoadBalancerTCPListenerAttribute', LoadBalancerId: LB, ListenerPort: '80', AclStatus: 'on', AclType: 'white', AclId: 'acl-nope' });
    expect(response.body['Code']).toBe('AclNotExist');
    expect(run.journal).toEqual([]);
    run.sim.runUntil(6 * S);
    const plain = liveRun();
    plain.sim.runUntil(6 * S);
    expect(run.sim.traceHash).toBe(plain.sim.traceHash);
  });
});

