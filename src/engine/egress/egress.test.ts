import { attached, type ServerSpec, oneLoadBalancer } from '../../scenario/examples/shared';
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../scenario/schema';
import { examples } from '../../scenario/examples';
import { decodeHops, run } from '../../test/engine-harness';
import { EgressPath } from './egress';

const servers: ServerSpec[] = [
  { ServerId: 'i-a1', PrivateIp: '10.0.0.1' },
  { ServerId: 'i-b2', PrivateIp: '10.0.0.2' },
];

describe('outbound paths (DOMAIN §6)', () => {
  it('SLB replies leave through SLB and are never metered on a backend EIP, even when the backend has one', () => {
    const { sim, report } = run(
      oneLoadBalancer({
        listeners: [{ ListenerPort: 80, HealthCheck: 'off' }],
        ...attached(servers),
        clients: [{ ListenerPort: 80, arrival: { type: 'constant', connectionsPerSecond: 10, stopAfterSeconds: 1 }, requestBytes: 100, responseBytes: 1000 }],
        egress: { eips: [{ AllocationId: 'eip-a', IpAddress: '47.0.0.1', InstanceId: 'i-a1' }] },
      }),
      5,
    );
    // Per connection the client receives SYN-ACK (40) + response (1000) + FIN (40) = 1080 bytes.
    expect(report.billing.bytes.slbOut).toBe(10 * 1080);
    expect(report.billing.bytes.slbOut).toBe(sim.servers.bytesOut.reduce((a, b) => a + b, 0));
    expect(report.billing.bytes.eipOut).toBe(0);
    // Inbound: SYN, ACK, request (100), ACK of the response, FIN, final ACK = 40 × 5 + 100.
    expect(report.billing.bytes.inbound).toBe(10 * 300);
    const traffic = report.billing.lineItems.find((l) => l.item === 'SLB outbound traffic')!;
    expect(traffic.quantity).toBe(10_800 / 1024 ** 3);
    expect(traffic.amount).toBe((10_800 / 1024 ** 3) * 0.125);
  });

  const egressScenario = (server: Partial<ServerSpec>, egress: Partial<NonNullable<ScenarioInput['egress']>>): ScenarioInput => (oneLoadBalancer({
    listeners: [{ ListenerPort: 80, HealthCheck: 'off' }],
    ...attached([{ ServerId: 'i-a1', PrivateIp: '10.0.0.1', ...server }]),
    egress: { workloads: [{ serverIds: ['i-a1'], callsPerSecond: 20, requestBytes: 2000, responseBytes: 500 }], ...egress },
  }));
  const eip = [{ AllocationId: 'eip-a', IpAddress: '47.0.0.1', InstanceId: 'i-a1' }];
  const nat = [{ NatGatewayId: 'ngw-1', snatServerIds: ['i-a1'] }];

  it.each([
    ['public IP, EIP and SNAT → public IP', { publicIp: '47.0.0.9' }, { eips: eip, natGateways: nat }, 'publicIpOut', EgressPath.PublicIp],
    ['EIP and SNAT → EIP', {}, { eips: eip, natGateways: nat }, 'eipOut', EgressPath.Eip],
    ['SNAT only → NAT', {}, { natGateways: nat }, 'natOut', EgressPath.Nat],
  ] as const)('backend-initiated calls take the first path of public IP, EIP, SNAT: %s', (_name, server, egress, bucket, path) => {
    const { sim, report } = run(egressScenario(server, egress), 10);
    expect(report.egress.completed).toBeGreaterThan(150);
    const metered = report.billing.bytes;
    // Every byte a backend sent to the Internet is in exactly one bucket: the path it took.
    expect(metered[bucket]).toBe(sim.egress.bytesFromEcs[path]);
    const buckets = { publicIpOut: metered.publicIpOut, eipOut: metered.eipOut, natOut: metered.natOut };
    for (const [name, bytes] of Object.entries(buckets)) if (name !== bucket) expect(bytes).toBe(0);
    expect(metered.slbOut).toBe(0);
  });

  it('a backend with no public IP, EIP or SNAT entry cannot reach the Internet: no_route, no bytes', () => {
    const { report } = run(egressScenario({}, {}), 10);
    expect(report.egress.calls).toBeGreaterThan(150);
    expect(report.egress.noRoute).toBe(report.egress.calls);
    expect(report.billing.bytes.eipOut + report.billing.bytes.natOut + report.billing.bytes.publicIpOut).toBe(0);
  });

  it('Internet traffic to an EIP reaches exactly the bound ECS and its replies leave through that EIP', () => {
    const { sim, hops, report } = run(
      oneLoadBalancer({
        listeners: [{ ListenerPort: 80, HealthCheck: 'off' }],
        ...attached(servers),
        egress: {
          eips: [{ AllocationId: 'eip-b', IpAddress: '47.0.0.2', InstanceId: 'i-b2' }],
          inbound: [{ target: 'eip-b', requestsPerSecond: 10, requestBytes: 300, responseBytes: 5000 }],
        },
      }),
      10,
    );
    const egressHops = decodeHops(sim, hops).filter((h) => h.conn === 0 && (h.from.startsWith('ecs') || h.to.startsWith('ecs')));
    expect(egressHops.length).toBeGreaterThan(100);
    expect(new Set(egressHops.map((h) => (h.from.startsWith('ecs') ? h.from : h.to)))).toEqual(new Set(['ecs:i-b2']));
    expect(report.billing.bytes.eipOut).toBe(sim.egress.bytesFromEcs[EgressPath.Eip]);
    expect(report.billing.bytes.eipOut).toBeGreaterThan(report.egress.completed * 5000);
  });

  it('a NAT DNAT entry forwards Internet traffic to exactly one ECS; replies leave through the NAT', () => {
    const { sim, hops, report } = run(
      oneLoadBalancer({
        listeners: [{ ListenerPort: 80, HealthCheck: 'off' }],
        ...attached(servers),
        egress: {
          natGateways: [{ NatGatewayId: 'ngw-1', dnatEntries: [{ ExternalPort: 8443, ServerId: 'i-a1' }] }],
          inbound: [{ target: 'ngw-1:8443', requestsPerSecond: 10 }],
        },
      }),
      10,
    );
    const touched = decodeHops(sim, hops).filter((h) => h.conn === 0 && (h.from.startsWith('ecs') || h.to.startsWith('ecs')));
    expect(new Set(touched.map((h) => (h.from.startsWith('ecs') ? h.from : h.to)))).toEqual(new Set(['ecs:i-a1']));
    expect(report.billing.bytes.natOut).toBe(sim.egress.bytesFromEcs[EgressPath.Nat]);
    expect(report.billing.bytes.natOut).toBeGreaterThan(0);
  });

  it('egress-billing example: i-web4 has no egress, so exactly its calls fail with no_route', () => {
    const { sim, report } = run(examples['egress-billing']!, 30);
    const byBackend = sim.egress.flows.filter((f) => f.kind === 'workload').map((f) => ({ id: sim.scenario.backendServers[f.backend]!.ServerId, calls: f.calls, noRoute: f.noRoute }));
    for (const flow of byBackend) {
      expect(flow.calls).toBeGreaterThan(100);
      expect(flow.noRoute).toBe(flow.id === 'i-web4' ? flow.calls : 0);
    }
    expect(report.egress.noRoute).toBe(byBackend.find((f) => f.id === 'i-web4')!.calls);
    expect(report.egress.byPath['nat']).toBeGreaterThan(0);
    expect(report.egress.byPath['eip']).toBeGreaterThan(0);
    expect(report.billing.total).toBeCloseTo(report.billing.lineItems.reduce((s, l) => s + l.amount, 0), 12);
    expect(report.invariants.violations).toEqual([]);
  });
});
