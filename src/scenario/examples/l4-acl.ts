import type { ScenarioInput } from '../schema';
import { attached, fourBackends, oneLoadBalancer } from './shared';

/**
 * Access control: a TCP listener with a white list. Client addresses are 100.0.0.0 + 2^20 per
 * population (traffic/clients.ts), so "office" (population 0) draws from 100.0.0.0/24, which the
 * ACL lists, and "internet" (population 1) from 100.16.0.0/24, which it does not: the internet
 * clients' SYNs are dropped at LVS and they give up `acl_denied`.
 */
export const l4AclScenario: ScenarioInput = oneLoadBalancer({
  name: 'l4-acl',
  description: 'TCP listener :80 with a white list (AclStatus on): the office clients (100.0.0.0/24) get in, the internet clients (100.16.0.0/24) retransmit SYNs into silence and give up.',
  seed: 1,
  loadBalancer: { LoadBalancerId: 'lb-bp1l4acl00001', LoadBalancerName: 'l4-acl', LoadBalancerSpec: 'slb.s2.medium' },
  cluster: { lvsNodes: 2, tengineNodes: 2, keyServers: 1 },
  acls: [
    {
      AclId: 'acl-office',
      AclName: 'office',
      AclEntrys: [
        { AclEntryIP: '100.0.0.0/24', AclEntryComment: 'office network' },
        { AclEntryIP: '203.0.113.0/24', AclEntryComment: 'partner (no clients here)' },
      ],
    },
  ],
  listeners: [{ ListenerProtocol: 'tcp', ListenerPort: 80, BackendServerPort: 8080, AclStatus: 'on', AclType: 'white', AclId: 'acl-office' }],
  ...attached(fourBackends()),
  clients: [
    { id: 'office', ListenerPort: 80, clientIps: 256, arrival: { type: 'poisson', connectionsPerSecond: 50 }, exchanges: 3, thinkTimeMs: 200 },
    // Three SYN retransmissions (1, 2, 4 s, then 8 s of waiting): a denied client gives up after 15 s.
    { id: 'internet', ListenerPort: 80, clientIps: 256, arrival: { type: 'poisson', connectionsPerSecond: 20 }, maxRetries: 3 },
  ],
});
