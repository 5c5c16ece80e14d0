import type { ScenarioInput } from '../schema';
import { attached, fourBackends, oneLoadBalancer } from './shared';

/**
 * An LVS node crashes mid-run under load. Connections at every stage are caught by it: handshakes
 * in progress and established-but-unsynced ones break when the router re-hashes their flows (after
 * the 12 s OSPF dead interval, packets to the dead node are blackholed); synced ones continue.
 * Later the node recovers with an empty table, and flows re-hashed onto it break again unless a
 * sync reached it after it came back.
 */
export const l4FailoverScenario: ScenarioInput = oneLoadBalancer({
  name: 'l4-failover',
  description: 'TCP :80 under load; LVS-2 crashes at 20 s (route withdrawn 12 s later) and recovers at 60 s.',
  seed: 1,
  loadBalancer: { LoadBalancerId: 'lb-bp1l4failover1', LoadBalancerName: 'l4-failover', LoadBalancerSpec: 'slb.s3.large' },
  cluster: { lvsNodes: 4, ecmpMode: 'modulo', withdrawalDelayS: 12 },
  listeners: [{ ListenerProtocol: 'tcp', ListenerPort: 80, BackendServerPort: 8080, Scheduler: 'wlc' }],
  ...attached(fourBackends()),
  clients: [
    {
      id: 'clients',
      ListenerPort: 80,
      clientIps: 20_000,
      arrival: { type: 'poisson', connectionsPerSecond: 300 },
      requestBytes: 500,
      responseBytes: { type: 'exponential', mean: 20_000 },
      exchanges: 10,
      thinkTimeMs: 500,
      requestDelayMs: 2,
    },
  ],
  faults: [
    { atS: 20, action: 'crash', target: 'lvs-2' },
    { atS: 60, action: 'recover', target: 'lvs-2' },
  ],
});
