import { attached, oneLoadBalancer } from './shared';
import type { ScenarioInput } from '../schema';

/**
 * Where outbound bytes go and what they cost: an internet-facing pay-by-traffic SLB serving web
 * traffic; i-web1 and i-web2 call an external API through a NAT gateway (SNAT); i-web3 has its
 * own EIP (and also serves Internet requests sent straight to that EIP); i-web4 has no egress at
 * all, so its calls fail with no_route. SLB replies always leave through SLB, never the EIP.
 */
export const egressBillingScenario: ScenarioInput = oneLoadBalancer({
  name: 'egress-billing',
  description: 'Pay-by-traffic SLB + NAT (SNAT for 2 backends) + an EIP on one backend + one backend without egress.',
  seed: 1,
  loadBalancer: { LoadBalancerId: 'lb-bp1egress00001', LoadBalancerName: 'shop-slb', AddressType: 'internet', InternetChargeType: 'paybytraffic', LoadBalancerSpec: 'slb.s2.medium', RegionId: 'cn-hangzhou' },
  listeners: [{ ListenerProtocol: 'tcp', ListenerPort: 80, BackendServerPort: 8080, Scheduler: 'wrr' }],
  ...attached([
    { ServerId: 'i-web1', PrivateIp: '192.168.0.11', ZoneId: 'cn-hangzhou-h' },
    { ServerId: 'i-web2', PrivateIp: '192.168.0.12', ZoneId: 'cn-hangzhou-h' },
    { ServerId: 'i-web3', PrivateIp: '192.168.1.13', ZoneId: 'cn-hangzhou-i' },
    { ServerId: 'i-web4', PrivateIp: '192.168.1.14', ZoneId: 'cn-hangzhou-i' },
  ]),
  clients: [{ id: 'shoppers', ListenerPort: 80, clientIps: 20_000, arrival: { type: 'poisson', connectionsPerSecond: 100 }, requestBytes: 600, responseBytes: { type: 'exponential', mean: 60_000 }, exchanges: 3, thinkTimeMs: 300 }],
  egress: {
    eips: [{ AllocationId: 'eip-web3', IpAddress: '47.100.20.30', InstanceId: 'i-web3' }],
    natGateways: [{ NatGatewayId: 'ngw-shop', eipAddress: '47.100.30.30', snatServerIds: ['i-web1', 'i-web2'] }],
    workloads: [{ id: 'payment-api', serverIds: ['i-web1', 'i-web2', 'i-web3', 'i-web4'], callsPerSecond: 5, destination: 'api.payments.example', requestBytes: 2000, responseBytes: 1500 }],
    inbound: [{ id: 'partner-webhooks', target: 'eip-web3', requestsPerSecond: 2, requestBytes: 3000, responseBytes: 20_000 }],
  },
});
