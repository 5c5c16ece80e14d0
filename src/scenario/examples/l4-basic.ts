import type { ScenarioInput } from '../schema';
import { attached, fourBackends, oneLoadBalancer } from './shared';

/** A TCP listener on 4 LVS nodes and 4 backends under steady keep-alive load. */
export const l4BasicScenario: ScenarioInput = oneLoadBalancer({
  name: 'l4-basic',
  description: 'TCP listener :80, 4 LVS nodes, 4 ECS backends (wrr), steady Poisson load with keep-alive.',
  seed: 1,
  loadBalancer: { LoadBalancerId: 'lb-bp1l4basic0001', LoadBalancerName: 'l4-basic', LoadBalancerSpec: 'slb.s3.large' },
  cluster: { lvsNodes: 4, tengineNodes: 2, keyServers: 1 },
  listeners: [{ ListenerProtocol: 'tcp', ListenerPort: 80, BackendServerPort: 8080, Scheduler: 'wrr' }],
  ...attached(fourBackends()),
  clients: [
    {
      id: 'clients',
      ListenerPort: 80,
      clientIps: 50_000,
      arrival: { type: 'poisson', connectionsPerSecond: 2000 },
      requestBytes: { type: 'uniform', min: 200, max: 800 },
      responseBytes: { type: 'exponential', mean: 16_000 },
      exchanges: 4,
      thinkTimeMs: 200,
    },
  ],
});
