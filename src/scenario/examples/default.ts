import type { ScenarioInput } from '../schema';
import { attached, fourBackends, oneLoadBalancer } from './shared';

/**
 * The built-in scenario the app opens with: an internet-facing SLB in two zones, a TCP listener on
 * port 80 spread over four ECS backends, and a steady stream of clients. The cluster has every
 * component of SLB's architecture (4 LVS nodes with multicast sync, 2 Tengine nodes, a Key Server),
 * plus an EIP and a NAT gateway for backend egress.
 */
export const defaultScenario: ScenarioInput = oneLoadBalancer({
  name: 'default',
  description: 'Internet-facing SLB: TCP listener :80 over 4 ECS backends in 2 zones.',
  seed: 1,
  loadBalancer: { LoadBalancerId: 'lb-bp1default0001', LoadBalancerName: 'web-slb', Address: '47.100.10.10' },
  cluster: { lvsNodes: 4, tengineNodes: 2, keyServers: 1 },
  listeners: [{ ListenerProtocol: 'tcp', ListenerPort: 80, BackendServerPort: 8080, Scheduler: 'wrr' }],
  ...attached(fourBackends([100, 100, 50, 50])),
  clients: [{ id: 'web-clients', ListenerPort: 80, clientIps: 5000, arrival: { type: 'poisson', connectionsPerSecond: 200 }, exchanges: 2, thinkTimeMs: 50 }],
  egress: {
    eips: [{ AllocationId: 'eip-sim0001', IpAddress: '47.100.20.20', InstanceId: 'i-ecs3' }],
    natGateways: [{ NatGatewayId: 'ngw-sim0001', snatServerIds: ['i-ecs1', 'i-ecs2'] }],
  },
});
