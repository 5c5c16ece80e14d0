import { describe, expect, it } from 'vitest';
import { handleRpc } from '../../api/router';
import { createControlPlane } from '../../api/state';
import { attached, oneLoadBalancer, withLoadBalancer, type ListenerInput } from '../../scenario/examples/shared';
import type { Scenario, ScenarioInput } from '../../scenario/schema';
import { parseScenario } from '../../scenario/validate';
import { outcomeOf } from '../../test/engine-harness';
import { ChangeRun } from '../../test/change-run';
import { US_PER_S } from '../../shared/units';

/**
 * Live access-control changes (docs/LAYER4.md, "Access control"): an ACL switched on, an entry
 * added, access control switched off at T apply to flows whose first packet reaches LVS after T;
 * connections already in the table keep flowing. Population 0 ("office") draws its addresses
 * from 100.0.0.0/24, population 1 ("internet") from 100.16.0.0/24 (traffic/clients.ts).
 */
const OFFICE = '100.0.0.0/24';
const INTERNET = '100.16.0.0/24';
const T = 5;

function scenario(listener: Record<string, unknown> = {}, entrys: string[] = [OFFICE]): ScenarioInput {
  // Long connections (20 exchanges, 200 ms apart: about 4 s) so some span the change.
  const client = { clientIps: 256, exchanges: 20, thinkTimeMs: 200, rtoMs: 200, maxRetries: 3, requestBytes: 200, responseBytes: 2000, arrival: { type: 'constant' as const, connectionsPerSecond: 10, stopAfterSeconds: 8 } };
  return oneLoadBalancer({
    cluster: { lvsNodes: 2 },
    listeners: [{ ListenerPort: 80, HealthCheck: 'off', ...listener } as ListenerInput],
    ...attached([
      { ServerId: 'i-a1', PrivateIp: '10.0.0.1', serviceTimeMs: 1, serviceTimeDistribution: 'constant' },
      { ServerId: 'i-a2', PrivateIp: '10.0.0.2', serviceTimeMs: 1, serviceTimeDistribution: 'constant' },
    ]),
    acls: [{ AclId: 'acl-office', AclName: 'office', AclEntrys: entrys.map((AclEntryIP) => ({ AclEntryIP })) }],
    clients: [
      { id: 'office', ListenerPort: 80, ...client },
      { id: 'internet', ListenerPort: 80, ...client },
    ],
  });
}

const WHITE = { AclStatus: 'on', AclType: 'white', AclId: 'acl-office' };
const BLACK = { AclStatus: 'on', AclType: 'black', AclId: 'acl-office' };

interface Seen {
  serial: number;
  openS: number;
  internet: boolean;
  outcome: string;
}

function connections(run: ChangeRun): Seen[] {
  const journal = run.journal!;
  return journal.entries
    .filter((e) => e.event === 'open')
    .map((e) => ({ serial: e.conn, openS: e.timeUs / US_PER_S, internet: e.reason.includes('client 100.16.'), outcome: outcomeOf(journal, e.conn) }));
}

const outcomes = (list: Seen[]): Set<string> => new Set(list.map((c) => c.outcome));

describe('live access-control changes', () => {
  it('a white list switched on at T: new flows of unlisted clients are dropped; connections already open keep flowing', () => {
    const run = new ChangeRun(scenario(), [[T, scenario(WHITE)]], { journal: true }).runUntil(25);
    const conns = connections(run);
    // Opened (and scheduled) well before T: every one completes, internet clients included, though most were still open at T.
    const before = conns.filter((c) => c.openS < T - 0.1);
    expect(before.filter((c) => c.internet).length).toBeGreaterThan(10);
    expect(outcomes(before)).toEqual(new Set(['completed']));
    const spanning = before.filter((c) => c.internet && c.openS > T - 3);
    expect(spanning.length).toBeGreaterThan(5);
    const after = conns.filter((c) => c.openS >= T);
    expect(outcomes(after.filter((c) => !c.internet))).toEqual(new Set(['completed']));
    expect(outcomes(after.filter((c) => c.internet))).toEqual(new Set(['acl_denied']));
    const report = run.sim.report();
    expect(report.accessControl).toEqual([
      { listener: 'tcp:80', AclStatus: 'on', AclType: 'white', AclId: 'acl-office', deniedConnections: after.filter((c) => c.internet).length, deniedPackets: after.filter((c) => c.internet).length * 4 },
    ]);
    expect(report.invariants).toEqual({ ok: true, violations: [] });
  });

  it('an entry added at T admits that block from T; a client still retransmitting its SYN gets in on the next retry', () => {
    const run = new ChangeRun(scenario(WHITE), [[T, scenario(WHITE, [OFFICE, INTERNET])]], { journal: true }).runUntil(25);
    const internet = connections(run).filter((c) => c.internet);
    // Gave up before T: its last SYN (after 0.2 + 0.4 + 0.8 + 1.6 s) was dropped before the entry existed.
    expect(outcomes(internet.filter((c) => c.openS < T - 3.1))).toEqual(new Set(['acl_denied']));
    // Opened after T: admitted.
    expect(outcomes(internet.filter((c) => c.openS >= T))).toEqual(new Set(['completed']));
    // Opened shortly before T, denied once, then a retransmitted SYN after T is admitted.
    const retried = internet.filter((c) => c.openS > T - 0.15 && c.openS < T - 0.05);
    expect(retried.length).toBeGreaterThan(0);
    expect(outcomes(retried)).toEqual(new Set(['completed']));
    const denials = run.journal!.forConnection(retried[0]!.serial).filter((e) => e.event === 'drop');
    expect(denials.length).toBeGreaterThan(0);
    expect(denials[0]!.reason).toContain('matches none of its 1 entries; denied');
    expect(run.journal!.forConnection(retried[0]!.serial).find((e) => e.event === 'acl')!.reason).toContain(`matches entry ${INTERNET}; admitted`);
  });

  it('access control switched off at T admits everyone from T; removing an entry re-admits only that block', () => {
    const off = new ChangeRun(scenario(BLACK, [OFFICE, INTERNET]), [[T, scenario({ AclStatus: 'off' }, [OFFICE, INTERNET])]], { journal: true }).runUntil(25);
    const afterOff = connections(off).filter((c) => c.openS >= T);
    expect(outcomes(afterOff)).toEqual(new Set(['completed']));
    expect(outcomes(connections(off).filter((c) => c.openS < T - 3.1))).toEqual(new Set(['acl_denied']));

    const removed = new ChangeRun(scenario(BLACK, [OFFICE, INTERNET]), [[T, scenario(BLACK, [OFFICE])]], { journal: true }).runUntil(25);
    const after = connections(removed).filter((c) => c.openS >= T);
    expect(outcomes(after.filter((c) => c.internet))).toEqual(new Set(['completed']));
    expect(outcomes(after.filter((c) => !c.internet))).toEqual(new Set(['acl_denied']));
    expect(removed.sim.report().invariants.ok).toBe(true);
  });

  it('is deterministic, and the change is part of the trace: the same change at another time hashes differently', () => {
    const at = (s: number) => new ChangeRun(scenario(), [[s, scenario(WHITE)]]).runUntil(10).sim.traceHash;
    expect(at(T)).toBe(at(T));
    expect(at(T)).not.toBe(at(T + 1));
  });

  it('through the API: the scenarios AddAccessControlListEntry and SetLoadBalancerTCPListenerAttribute commit are what the engine enforces', () => {
    const start = parseScenario(withLoadBalancer(scenario(), (lb) => ({ ...lb, LoadBalancerId: 'lb-acl0001' })));
    const state = createControlPlane(start);
    const commits: Scenario[] = [];
    state.onCommit = (change) => commits.push(change.scenario);
    const rpc = (params: Record<string, string>) => handleRpc(state, params);
    expect(rpc({ Action: 'CreateAccessControlList', AclName: 'partners' }).body['AclId']).toBe('acl-sim0001');
    expect(rpc({ Action: 'AddAccessControlListEntry', AclId: 'acl-sim0001', AclEntrys: JSON.stringify([{ entry: INTERNET, comment: 'the internet population' }]) }).status).toBe(200);
    expect(rpc({ Action: 'SetLoadBalancerTCPListenerAttribute', LoadBalancerId: 'lb-acl0001', ListenerPort: '80', AclStatus: 'on', AclType: 'black', AclId: 'acl-sim0001' }).status).toBe(200);
    expect(commits).toHaveLength(3);
    // Each committed scenario is a step of the run, one second apart from T.
    const run = new ChangeRun(start, commits.map((s, i) => [T + i, s] as const), { journal: true }).runUntil(25);
    const conns = connections(run);
    const enforced = T + 2;
    expect(outcomes(conns.filter((c) => c.openS >= enforced && c.internet))).toEqual(new Set(['acl_denied']));
    expect(outcomes(conns.filter((c) => c.openS >= enforced && !c.internet))).toEqual(new Set(['completed']));
    expect(outcomes(conns.filter((c) => c.openS < enforced - 0.1))).toEqual(new Set(['completed']));
    const denied = conns.find((c) => c.openS >= enforced && c.internet)!;
    expect(run.journal!.forConnection(denied.serial).find((e) => e.event === 'drop')!.reason).toBe(
      `acl-sim0001 (partners) as a black list: ${/client (\S+):/.exec(run.journal!.forConnection(denied.serial)[0]!.reason)![1]} matches entry ${INTERNET} ("the internet population"); denied`,
    );
    expect(outcomeOf(run.journal!, denied.serial)).toBe('acl_denied');
  });
});
