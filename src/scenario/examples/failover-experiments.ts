import type { ScenarioInput } from '../schema';
import { attached, fourBackends, oneLoadBalancer } from './shared';

/** Steady TCP traffic with long-lived connections (10 exchanges, 300 ms apart): many are open when a node fails. */
const tcpClients: NonNullable<ScenarioInput['clients']> = [
  {
    id: 'clients',
    ListenerPort: 80,
    clientIps: 5_000,
    arrival: { type: 'poisson', connectionsPerSecond: 100 },
    requestBytes: 500,
    responseBytes: { type: 'exponential', mean: 10_000 },
    exchanges: 10,
    thinkTimeMs: 300,
    requestDelayMs: 2,
  },
];

/**
 * A planned hot upgrade of LVS-2: its route is withdrawn before it stops, so nothing is
 * blackholed, and the flows that move continue wherever their sessions were already synced.
 */
export const hotUpgradeScenario: ScenarioInput = oneLoadBalancer({
  name: 'hot-upgrade',
  description:
    'LVS-2 is taken down for a hot upgrade at 20 s (route withdrawn first) and back at 40 s; modulo ECMP moves most flows.\nLook at faults[0]: detected at once, most affected connections survived (synced); the few broken ones were not synced yet — compare lvs-crash-sync-partitioned.',
  seed: 21,
  loadBalancer: { LoadBalancerId: 'lb-bp1hotupgrade01', LoadBalancerName: 'hot-upgrade', LoadBalancerSpec: 'slb.s3.large' },
  cluster: { lvsNodes: 4, ecmpMode: 'modulo' },
  listeners: [{ ListenerProtocol: 'tcp', ListenerPort: 80, BackendServerPort: 8080, Scheduler: 'wrr' }],
  ...attached(fourBackends()),
  clients: tcpClients,
  faults: [
    { atS: 20, action: 'upgrade', target: 'lvs-2' },
    { atS: 40, action: 'recover', target: 'lvs-2' },
  ],
});

/** The worst case: the sync link is partitioned, then an LVS node crashes and its route stays for the OSPF dead interval. */
export const lvsCrashSyncPartitionedScenario: ScenarioInput = oneLoadBalancer({
  name: 'lvs-crash-sync-partitioned',
  description:
    'The multicast sync link is partitioned from 5 s; LVS-2 crashes at 20 s, its route withdrawn 12 s later (OSPF dead interval).\nLook at faults[1]: its clients retransmit into the dead node until detectedAtS, then every moved connection breaks (failover_unsynced, failover_handshake); only closing ones survive.',
  seed: 22,
  loadBalancer: { LoadBalancerId: 'lb-bp1crashparted1', LoadBalancerName: 'lvs-crash-sync-partitioned', LoadBalancerSpec: 'slb.s3.large' },
  cluster: { lvsNodes: 4, ecmpMode: 'modulo', withdrawalDelayS: 12 },
  listeners: [{ ListenerProtocol: 'tcp', ListenerPort: 80, BackendServerPort: 8080, Scheduler: 'wrr' }],
  ...attached(fourBackends()),
  clients: tcpClients,
  faults: [
    { atS: 5, action: 'partition-sync' },
    { atS: 20, action: 'crash', target: 'lvs-2' },
  ],
});

/** HTTPS through one Key Server that goes away for 10 s: new full handshakes fail, everything else carries on. */
export const keyserverOutageScenario: ScenarioInput = oneLoadBalancer({
  name: 'keyserver-outage',
  description:
    'HTTPS :443 on 2 Tengine nodes with 1 Key Server, which is down from 10 s to 20 s.\nLook at faults[0]: tls_handshake_failed connections while it lasts (full handshakes only; resumed ones and open connections carry on), none after endS.',
  seed: 23,
  loadBalancer: { LoadBalancerId: 'lb-bp1keyoutage001', LoadBalancerName: 'keyserver-outage', LoadBalancerSpec: 'slb.s3.medium' },
  cluster: { lvsNodes: 2, tengineNodes: 2, keyServers: 1 },
  serverCertificates: [{ ServerCertificateId: 'cert-www', ServerCertificateName: 'www', CommonName: 'www.example.com', ExpireTime: '2027-06-01T00:00:00Z', EncryptionAlgorithm: 'RSA' }],
  listeners: [{ ListenerProtocol: 'https', ListenerPort: 443, BackendServerPort: 8080, ServerCertificateId: 'cert-www' }],
  ...attached(fourBackends()),
  clients: [
    {
      id: 'browsers',
      ListenerPort: 443,
      clientIps: 300,
      arrival: { type: 'poisson', connectionsPerSecond: 50 },
      requestBytes: 500,
      responseBytes: { type: 'exponential', mean: 10_000 },
      exchanges: 4,
      thinkTimeMs: 100,
      http: { mix: [{ host: 'www.example.com', path: '/', contentType: 'text/html' }] },
      tls: { maxVersion: '1.3', resumption: 0.5 },
    },
  ],
  faults: [
    { atS: 10, action: 'keyserver-down', target: 'keyserver-1' },
    { atS: 20, action: 'keyserver-up', target: 'keyserver-1' },
  ],
});

/**
 * A backend dies; the listener's health checks (defaults: every 2 s, 5 s timeout, 3 failures)
 * take Timeout×3 + Interval×2 = 19 s to mark it down, and until then new connections still go to it.
 */
export const backendFailureHealthcheckScenario: ScenarioInput = oneLoadBalancer({
  name: 'backend-failure-healthcheck',
  description:
    'Backend i-ecs1 goes down at 10 s; default TCP health checks mark it down 19 s later (5 s × 3 + 2 s × 2).\nRun with --duration 120s (clients give up after about a minute of retransmissions) and look at faults[0].detectedAtS and affected.backend_down; then compare aggressive checks: compare backend-failure-healthcheck --set loadBalancers.0.listeners.0.HealthCheckInterval=1 --set loadBalancers.0.listeners.0.HealthCheckConnectTimeout=1 --set loadBalancers.0.listeners.0.UnhealthyThreshold=2.',
  seed: 24,
  loadBalancer: { LoadBalancerId: 'lb-bp1backendhc001', LoadBalancerName: 'backend-failure-healthcheck', LoadBalancerSpec: 'slb.s3.medium' },
  cluster: { lvsNodes: 2 },
  listeners: [{ ListenerProtocol: 'tcp', ListenerPort: 80, BackendServerPort: 8080, Scheduler: 'wrr', HealthCheck: 'on' }],
  ...attached(fourBackends()),
  clients: [{ ...tcpClients[0]!, arrival: { type: 'poisson', connectionsPerSecond: 50 }, exchanges: 3 }],
  faults: [{ atS: 10, action: 'backend-down', target: 'i-ecs1' }],
});

/**
 * The primary zone fails as a whole: its LVS nodes and half the backends. Only then does the VIP
 * move to the secondary zone's standby cluster, about 30 s later (DOMAIN §5), and back as long
 * after the zone returns.
 */
export const zoneOutageScenario: ScenarioInput = oneLoadBalancer({
  name: 'zone-outage',
  description:
    'cn-hangzhou-h (4 LVS nodes, 2 backends) fails at 20 s for 60 s; 2 standby LVS nodes wait in cn-hangzhou-i, the other 2 backends too.\nLook at faults[0]: detected at the route withdrawal (32 s), the VIP on the standby cluster from 50 s (new connections wait meanwhile), moved flows reset as unsynced — on the way back at 110 s too.',
  seed: 25,
  loadBalancer: { LoadBalancerId: 'lb-bp1zoneoutage01', LoadBalancerName: 'zone-outage', LoadBalancerSpec: 'slb.s3.large', MasterZoneId: 'cn-hangzhou-h', SlaveZoneId: 'cn-hangzhou-i' },
  cluster: { lvsNodes: 4, standby: { lvsNodes: 2 }, ecmpMode: 'modulo', withdrawalDelayS: 12, zoneFailoverDelayS: 30 },
  listeners: [{ ListenerProtocol: 'tcp', ListenerPort: 80, BackendServerPort: 8080, Scheduler: 'wrr', HealthCheckInterval: 2, UnhealthyThreshold: 2 }],
  ...attached(fourBackends()),
  clients: tcpClients,
  faults: [{ atS: 20, action: 'zone-down', target: 'cn-hangzhou-h', durationS: 60 }],
});
