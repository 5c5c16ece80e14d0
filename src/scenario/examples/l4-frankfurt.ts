import { attached, oneLoadBalancer } from './shared';
import type { ScenarioInput } from '../schema';

/**
 * A small TCP service outside China (eu-central-1), so the app's console, the in-browser API and
 * the price region all have to follow the scenario's region rather than assume cn-hangzhou.
 */
export const l4FrankfurtScenario: ScenarioInput = oneLoadBalancer({
  name: 'l4-frankfurt',
  description: 'TCP listener :443 in eu-central-1 (Frankfurt), 2 LVS nodes, 2 ECS backends in two zones, light Poisson load.',
  seed: 1,
  loadBalancer: {
    LoadBalancerId: 'lb-gw8frankfurt0001',
    LoadBalancerName: 'shop-frankfurt',
    Address: '8.209.10.20',
    RegionId: 'eu-central-1',
    MasterZoneId: 'eu-central-1a',
    SlaveZoneId: 'eu-central-1b',
    LoadBalancerSpec: 'slb.s2.medium',
  },
  cluster: { lvsNodes: 2, tengineNodes: 2, keyServers: 1 },
  listeners: [{ ListenerProtocol: 'tcp', ListenerPort: 443, BackendServerPort: 8443, Scheduler: 'wlc' }],
  ...attached([
    { ServerId: 'i-gw8web1', PrivateIp: '172.16.0.11', ZoneId: 'eu-central-1a' },
    { ServerId: 'i-gw8web2', PrivateIp: '172.16.1.12', ZoneId: 'eu-central-1b' },
  ]),
  clients: [
    {
      id: 'shoppers',
      ListenerPort: 443,
      clientIps: 5_000,
      arrival: { type: 'poisson', connectionsPerSecond: 200 },
      requestBytes: { type: 'uniform', min: 300, max: 1_200 },
      responseBytes: { type: 'exponential', mean: 24_000 },
      exchanges: 3,
      thinkTimeMs: 300,
    },
  ],
});
