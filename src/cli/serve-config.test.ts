import RPCClient from '@alicloud/pop-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/validate';
import { startServer, type RunningServer } from './serve';

/** The SDK's default read timeout is 3 s; a loaded CI machine can take longer to answer (no test here measures speed). */
const CLIENT_TIMEOUT_MS = 60_000;

const KEY_ID = 'LTAIconfigkey001';
const KEY_SECRET = 'config-secret-0001';
/** The region's first load balancer: left alone, the test creates its own next to it. */
const FIRST = 'lb-bp1config00001';

/** A load balancer with no listener and nothing attached, and two ECS instances in its region. */
const EMPTY_REGION = parseScenario({
  name: 'empty load balancer',
  loadBalancers: [{ LoadBalancerId: FIRST, RegionId: 'cn-hangzhou' }],
  ecsInstances: [
    { ServerId: 'i-web1', PrivateIp: '192.168.0.11' },
    { ServerId: 'i-web2', PrivateIp: '192.168.0.12' },
  ],
});

const poll = async <T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> => {
  // Up to a minute of wall time: a loaded machine runs the server's simulation slower than its pace.
  for (let i = 0; i < 1200; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the simulation never got there');
};

describe('configuring the simulated SLB with the official client, @alicloud/pop-core', () => {
  let server: RunningServer;
  let slb: RPCClient;
  let cms: RPCClient;
  /** The load balancer the first test created (the second stops its listener with a forged signature). */
  let createdId = FIRST;

  beforeAll(async () => {
    // 20 simulated seconds per wall second: health checks settle and traffic flows while the test polls.
    server = await startServer({ scenario: EMPTY_REGION, port: 0, accessKeyId: KEY_ID, accessKeySecret: KEY_SECRET, speed: 20 });
    slb = new RPCClient({ accessKeyId: KEY_ID, accessKeySecret: KEY_SECRET, endpoint: server.url, apiVersion: '2014-05-15', opts: { timeout: CLIENT_TIMEOUT_MS } });
    cms = new RPCClient({ accessKeyId: KEY_ID, accessKeySecret: KEY_SECRET, endpoint: server.url, apiVersion: '2019-01-01', opts: { timeout: CLIENT_TIMEOUT_MS } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('creates a load balancer, then a TCP listener on it, adds backends, starts it, gives it clients, and reads health, attributes and metrics back', async () => {
    const call = <T = Record<string, unknown>>(action: string, params: Record<string, unknown>) => slb.request<T>(action, params, { method: 'POST' });
    const created = await call<{ LoadBalancerId: string; Address: string; LoadBalancerName: string; AddressIPVersion: string }>('CreateLoadBalancer', {
      RegionId: 'cn-hangzhou',
      AddressType: 'internet',
      LoadBalancerSpec: 'slb.s2.small',
      LoadBalancerName: 'config-test',
    });
    const LB = created.LoadBalancerId;
    expect(LB).toMatch(/^lb-[a-z0-9]+$/);
    expect(LB).not.toBe(FIRST);
    expect(created).toMatchObject({ LoadBalancerName: 'config-test', AddressIPVersion: 'ipv4' });
    const listed = await call<{ TotalCount: number; LoadBalancers: { LoadBalancer: { LoadBalancerId: string; Address: string }[] } }>('DescribeLoadBalancers', { RegionId: 'cn-hangzhou' });
    expect(listed.LoadBalancers.LoadBalancer.map((l) => l.LoadBalancerId)).toEqual([FIRST, LB]);
    expect(new Set(listed.LoadBalancers.LoadBalancer.map((l) => l.Address)).size).toBe(2);

    await call('CreateLoadBalancerTCPListener', { RegionId: 'cn-hangzhou', LoadBalancerId: LB, ListenerPort: 8080, BackendServerPort: 80, Bandwidth: -1, Scheduler: 'wrr', HealthCheckInterval: 2 });
    const added = await call<{ BackendServers: { BackendServer: { ServerId: string; Weight: number }[] } }>('AddBackendServers', {
      LoadBalancerId: LB,
      BackendServers: JSON.stringify([
        { ServerId: 'i-web1', Weight: 100 },
        { ServerId: 'i-web2', Weight: 50 },
      ]),
    });
    expect(added.BackendServers.BackendServer.map((s) => [s.ServerId, Number(s.Weight)])).toEqual([
      ['i-web1', 100],
      ['i-web2', 50],
    ]);
    const stopped = await call<{ Status: string }>('DescribeLoadBalancerTCPListenerAttribute', { LoadBalancerId: LB, ListenerPort: 8080 });
    expect(stopped.Status).toBe('stopped'); // a new listener is stopped until started
    await call('StartLoadBalancerListener', { LoadBalancerId: LB, ListenerPort: 8080 });
    await call('SimSetClientPopulation', { LoadBalancerId: LB, ListenerPort: 8080, ConnectionsPerSecond: 100, ArrivalType: 'constant', Exchanges: 2 });

    const health = await poll(
      () => call<{ BackendServers: { BackendServer: { ServerId: string; ServerHealthStatus: string }[] } }>('DescribeHealthStatus', { LoadBalancerId: LB, ListenerPort: 8080 }),
      (h) => h.BackendServers.BackendServer.length === 2 && h.BackendServers.BackendServer.every((s) => s.ServerHealthStatus === 'normal'),
    );
    expect(health.BackendServers.BackendServer.map((s) => s.ServerId).sort()).toEqual(['i-web1', 'i-web2']);

    const attribute = await call('DescribeLoadBalancerAttribute', { LoadBalancerId: LB });
    expect(attribute).toMatchObject({
      LoadBalancerId: LB,
      Address: created.Address,
      LoadBalancerSpec: 'slb.s2.small',
      ListenerPorts: { ListenerPort: [8080] },
      BackendServers: { BackendServer: [{ ServerId: 'i-web1', Weight: 100 }, { ServerId: 'i-web2', Weight: 50 }] },
    });

    const dimensions = JSON.stringify([{ instanceId: LB, port: '8080', protocol: 'tcp' }]);
    const newConnections = await poll(
      () => cms.request<{ Datapoints: string; Code: string }>('DescribeMetricLast', { Namespace: 'acs_slb_dashboard', MetricName: 'NewConnection', Dimensions: dimensions, Period: 5 }, { method: 'POST' }),
      (answer) => (JSON.parse(answer.Datapoints) as { Average: number }[]).some((d) => d.Average > 0),
    );
    const [point] = JSON.parse(newConnections.Datapoints) as { instanceId: string; port: string; Average: number }[];
    expect(point).toMatchObject({ instanceId: LB, port: '8080' });
    // 100 constant arrivals a second, once the listener runs: the latest whole period shows them.
    // The run keeps playing between the two requests: on a loaded machine the latest period may have
    // just rolled over, so ask until it shows the connections (the poll fails the test if it never does).
    const active = await poll(
      () => cms.request<{ Datapoints: string; Code: string }>('DescribeMetricLast', { Namespace: 'acs_slb_dashboard', MetricName: 'ActiveConnection', Dimensions: dimensions, Period: 5 }, { method: 'POST' }),
      (answer) => ((JSON.parse(answer.Datapoints) as { Maximum: number }[])[0]?.Maximum ?? 0) > 0,
    );
    expect((JSON.parse(active.Datapoints) as { Maximum: number }[])[0]!.Maximum).toBeGreaterThan(0);

    // Every accepted change is in the run's journal, at the simulated time it was made.
    expect(server.run.journal.map((e) => e.action)).toEqual(['CreateLoadBalancer', 'CreateLoadBalancerTCPListener', 'AddBackendServers', 'StartLoadBalancerListener', 'SimSetClientPopulation']);
    // The region's first instance was left as it was.
    expect(await call('DescribeLoadBalancerAttribute', { LoadBalancerId: FIRST })).toMatchObject({ ListenerPorts: { ListenerPort: [] }, BackendServers: { BackendServer: [] } });
    createdId = LB;
  }, 180_000);

  it('rejects a request signed with a wrong secret, and changes nothing', async () => {
    const forged = new RPCClient({ accessKeyId: KEY_ID, accessKeySecret: 'not-the-secret', endpoint: server.url, apiVersion: '2014-05-15', opts: { timeout: CLIENT_TIMEOUT_MS } });
    const before = server.run.journal.length;
    const error = await forged.request('StopLoadBalancerListener', { LoadBalancerId: createdId, ListenerPort: 8080 }, { method: 'POST' }).then(
      () => undefined,
      (e: unknown) => e as { code: string },
    );
    expect(error?.code).toBe('SignatureDoesNotMatch');
    expect(server.run.journal.length).toBe(before);
  });
});
