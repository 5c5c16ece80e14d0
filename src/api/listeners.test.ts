import { describe, expect, it } from 'vitest';
import { attached, nested, type OneLbInput } from './api-test-helpers';
import { parseScenario } from '../scenario/validate';
import { handleRpc, type ApiResponse } from './router';
import { createControlPlane, type ControlPlaneState } from './state';

/**
 * A pay-by-bandwidth instance of 100 Mbit/s with a running TCP listener of 30 Mbit/s, an HTTP
 * listener with a rule and clients, an HTTPS listener, one VServer group and both kinds of
 * certificate.
 */
const base: OneLbInput = {
  name: 'listeners',
  loadBalancer: { LoadBalancerId: 'lb-listen0001', InternetChargeType: 'paybybandwidth', Bandwidth: 100 },
  listeners: [
    { ListenerProtocol: 'tcp', ListenerPort: 80, BackendServerPort: 8080, Bandwidth: 30 },
    {
      ListenerProtocol: 'http',
      ListenerPort: 8000,
      BackendServerPort: 80,
      Rules: [{ RuleId: 'rule-api', Url: '/api', VServerGroupId: 'rsp-web' }],
    },
    { ListenerProtocol: 'https', ListenerPort: 443, BackendServerPort: 80, ServerCertificateId: 'cert-1', Status: 'stopped' },
  ],
  ...attached([{ ServerId: 'i-aa', PrivateIp: '10.0.0.1' }]),
  vServerGroups: [{ VServerGroupId: 'rsp-web', BackendServers: [{ ServerId: 'i-aa', Port: 9000 }] }],
  serverCertificates: [{ ServerCertificateId: 'cert-1' }],
  caCertificates: [{ CACertificateId: 'ca-1' }],
  clients: [
    { id: 'tcp-clients', ListenerPort: 80 },
    { id: 'web-clients', ListenerPort: 8000 },
  ],
};

const LB = { LoadBalancerId: 'lb-listen0001' };
const plane = (input: OneLbInput = base): ControlPlaneState => createControlPlane(parseScenario(nested(input)));
const call = (state: ControlPlaneState, action: string, params: Record<string, string>): ApiResponse =>
  handleRpc(state, { Action: action, ...params });

/** Calls and expects success; returns the body. */
function ok(state: ControlPlaneState, action: string, params: Record<string, string>): Record<string, unknown> {
  const response = call(state, action, params);
  expect(response.body).not.toHaveProperty('Code');
  expect(response.status).toBe(200);
  return response.body;
}

/** Calls, expects the error, and checks the state is exactly what it was (the same object). */
function rejects(
  state: ControlPlaneState,
  action: string,
  params: Record<string, string>,
  status: number,
  code: string,
  named: string,
): void {
  const before = state.scenario;
  const { status: got, body } = call(state, action, params);
  expect({ status: got, code: body['Code'] }).toEqual({ status, code });
  expect(body['Message']).toContain(named);
  expect(state.scenario).toBe(before);
}

const listener = (state: ControlPlaneState, port: number) => state.scenario.listeners.find((l) => l.ListenerPort === port);

/** The minimal valid Create parameters per protocol (the API's required ones). */
const CREATE: Record<string, Record<string, string>> = {
  TCP: { ...LB, ListenerPort: '81', BackendServerPort: '8081', Bandwidth: '-1' },
  UDP: { ...LB, ListenerPort: '53', BackendServerPort: '5353', Bandwidth: '-1' },
  HTTP: { ...LB, ListenerPort: '8001', BackendServerPort: '80', HealthCheck: 'on', StickySession: 'off' },
  HTTPS: { ...LB, ListenerPort: '8443', BackendServerPort: '80', HealthCheck: 'on', StickySession: 'off', ServerCertificateId: 'cert-1' },
};

describe('CreateLoadBalancer{TCP,UDP,HTTP,HTTPS}Listener', () => {
  it.each(Object.entries(CREATE))('creates a stopped %s listener that Describe reads back', (protocol, params) => {
    const state = plane();
    expect(ok(state, `CreateLoadBalancer${protocol}Listener`, params)).toEqual({ RequestId: expect.any(String) });
    const described = ok(state, `DescribeLoadBalancer${protocol}ListenerAttribute`, { ...LB, ListenerPort: params['ListenerPort']! });
    expect(described).toMatchObject({
      ListenerPort: Number(params['ListenerPort']),
      BackendServerPort: Number(params['BackendServerPort']),
      Status: 'stopped',
    });
  });

  it('stores every parameter given under its own name (round trip through Describe)', () => {
    const state = plane();
    ok(state, 'CreateLoadBalancerTCPListener', {
      ...CREATE['TCP']!,
      Bandwidth: '20',
      Scheduler: 'sch',
      PersistenceTimeout: '60',
      EstablishedTimeout: '300',
      HealthyThreshold: '4',
      UnhealthyThreshold: '5',
      HealthCheckConnectTimeout: '7',
      HealthCheckConnectPort: '9090',
      healthCheckInterval: '9',
      HealthCheckType: 'http',
      HealthCheckURI: '/health',
      HealthCheckDomain: 'www.example.com',
      HealthCheckHttpCode: 'http_2xx,http_3xx',
      ConnectionDrain: 'on',
      ConnectionDrainTimeout: '60',
      HealthCheckSwitch: 'off',
      FullNatEnabled: 'true',
    });
    expect(listener(state, 81)).toMatchObject({ HealthCheck: 'off', FullNatEnabled: true });
    expect(ok(state, 'DescribeLoadBalancerTCPListenerAttribute', { ...LB, ListenerPort: '81' })).toMatchObject({
      Bandwidth: 20,
      Scheduler: 'sch',
      PersistenceTimeout: 60,
      EstablishedTimeout: 300,
      HealthyThreshold: 4,
      UnhealthyThreshold: 5,
      HealthCheckConnectTimeout: 7,
      HealthCheckConnectPort: 9090,
      HealthCheckInterval: 9,
      HealthCheckType: 'http',
      HealthCheckURI: '/health',
      HealthCheckDomain: 'www.example.com',
      HealthCheckHttpCode: 'http_2xx,http_3xx',
      ConnectionDrain: 'on',
      ConnectionDrainTimeout: 60,
    });
    ok(state, 'CreateLoadBalancerHTTPSListener', {
      ...CREATE['HTTPS']!,
      VServerGroupId: 'rsp-web',
      StickySession: 'on',
      StickySessionType: 'server',
      Cookie: 'session',
      CACertificateId: 'ca-1',
      TLSCipherPolicy: 'tls_cipher_policy_1_2',
      EnableHttp2: 'off',
      XForwardedFor_SLBIP: 'on',
      IdleTimeout: '30',
      RequestTimeout: '90',
      HealthCheckMethod: 'get',
      HealthCheckTimeout: '8',
    });
    expect(ok(state, 'DescribeLoadBalancerHTTPSListenerAttribute', { ...LB, ListenerPort: '8443' })).toMatchObject({
      VServerGroupId: 'rsp-web',
      StickySession: 'on',
      StickySessionType: 'server',
      Cookie: 'session',
      CACertificateId: 'ca-1',
      TLSCipherPolicy: 'tls_cipher_policy_1_2',
      EnableHttp2: 'off',
      XForwardedFor_SLBIP: 'on',
      IdleTimeout: 30,
      RequestTimeout: 90,
      HealthCheckMethod: 'get',
      HealthCheckTimeout: 8,
    });
  });

  it('takes a VServer group instead of BackendServerPort on HTTP listeners', () => {
    const state = plane();
    const { BackendServerPort: _, ...withoutPort } = CREATE['HTTP']!;
    ok(state, 'CreateLoadBalancerHTTPListener', { ...withoutPort, VServerGroupId: 'rsp-web' });
    expect(listener(state, 8001)).toMatchObject({ VServerGroupId: 'rsp-web' });
  });

  it('takes a VServer group instead of BackendServerPort on TCP and UDP listeners, and describes it', () => {
    for (const protocol of ['TCP', 'UDP']) {
      const state = plane();
      const { BackendServerPort: _, ...withoutPort } = CREATE[protocol]!;
      ok(state, `CreateLoadBalancer${protocol}Listener`, { ...withoutPort, VServerGroupId: 'rsp-web' });
      const port = Number(withoutPort['ListenerPort']);
      expect(listener(state, port)).toMatchObject({ VServerGroupId: 'rsp-web' });
      expect(ok(state, `DescribeLoadBalancer${protocol}ListenerAttribute`, { ...LB, ListenerPort: String(port) })['VServerGroupId']).toBe('rsp-web');
    }
    // Set on the running TCP listener; unknown group → 404; with a master-slave group → refused, naming VServerGroupId.
    const state = plane();
    ok(state, 'SetLoadBalancerTCPListenerAttribute', { ...LB, ListenerPort: '80', VServerGroupId: 'rsp-web' });
    expect(listener(state, 80)).toMatchObject({ VServerGroupId: 'rsp-web' });
    rejects(state, 'SetLoadBalancerTCPListenerAttribute', { ...LB, ListenerPort: '80', VServerGroupId: 'rsp-nope' }, 404, 'InvalidParameter', 'rsp-nope');
    // The scenario refuses a TCP listener on both a VServer and a master-slave group, naming VServerGroupId.
    const both: OneLbInput = {
      ...base,
      listeners: [{ ListenerProtocol: 'tcp', ListenerPort: 80, VServerGroupId: 'rsp-web', MasterSlaveServerGroupId: 'rsp-ms' }],
      masterSlaveServerGroups: [{ MasterSlaveServerGroupId: 'rsp-ms', MasterSlaveBackendServers: [] }],
      clients: [],
    };
    expect(() => plane(both)).toThrow(/VServerGroupId: a listener forwards to a VServer group or to a master-slave server group, not both/);
  });

  it('reports the committed change to the host, once', () => {
    const state = plane();
    const changes: string[] = [];
    state.onCommit = (change) => changes.push(change.action);
    ok(state, 'CreateLoadBalancerTCPListener', CREATE['TCP']!);
    expect(changes).toEqual(['CreateLoadBalancerTCPListener']);
  });

  it('rejects a port already used by a listener of any protocol', () => {
    for (const [protocol, params] of Object.entries(CREATE)) {
      rejects(plane(), `CreateLoadBalancer${protocol}Listener`, { ...params, ListenerPort: '80' }, 400, 'ListenerAlreadyExists', '80');
      rejects(plane(), `CreateLoadBalancer${protocol}Listener`, { ...params, ListenerPort: '443' }, 400, 'ListenerAlreadyExists', 'HTTPS');
    }
  });

  it('allows 50 listeners and no more', () => {
    const many: OneLbInput = {
      ...base,
      clients: [],
      listeners: Array.from({ length: 49 }, (_, i) => ({ ListenerProtocol: 'tcp' as const, ListenerPort: 1000 + i })),
    };
    const state = plane(many);
    ok(state, 'CreateLoadBalancerTCPListener', { ...CREATE['TCP']!, ListenerPort: '2000' });
    expect(state.scenario.listeners).toHaveLength(50);
    for (const [protocol, params] of Object.entries(CREATE)) {
      rejects(state, `CreateLoadBalancer${protocol}Listener`, { ...params, ListenerPort: '2001' }, 400, 'ListenerNumberOverLimit', '50');
    }
  });

  it.each(['250', '4789', '4790'])('rejects UDP port %s, which TCP may use', (port) => {
    rejects(plane(), 'CreateLoadBalancerUDPListener', { ...CREATE['UDP']!, ListenerPort: port }, 400, 'InvalidParameter', 'ListenerPort');
    ok(plane(), 'CreateLoadBalancerTCPListener', { ...CREATE['TCP']!, ListenerPort: port });
  });

  it("keeps the listeners' bandwidths within the instance's (−1 does not count)", () => {
    const state = plane();
    rejects(state, 'CreateLoadBalancerTCPListener', { ...CREATE['TCP']!, Bandwidth: '71' }, 400, 'InvalidParameter', 'Bandwidth');
    ok(state, 'CreateLoadBalancerTCPListener', { ...CREATE['TCP']!, Bandwidth: '70' });
    ok(state, 'CreateLoadBalancerUDPListener', { ...CREATE['UDP']!, Bandwidth: '-1' });
    rejects(state, 'CreateLoadBalancerHTTPListener', { ...CREATE['HTTP']!, Bandwidth: '1' }, 400, 'InvalidParameter', '101 Mbit/s');
    // Raising one listener counts the others but not its own old value.
    rejects(
      state,
      'SetLoadBalancerTCPListenerAttribute',
      { ...LB, ListenerPort: '80', Bandwidth: '31' },
      400,
      'InvalidParameter',
      'Bandwidth',
    );
    ok(state, 'SetLoadBalancerTCPListenerAttribute', { ...LB, ListenerPort: '81', Bandwidth: '60' });
    ok(state, 'SetLoadBalancerTCPListenerAttribute', { ...LB, ListenerPort: '80', Bandwidth: '40' });
  });

  it('needs StickySessionType, CookieTimeout or Cookie, and ForwardPort when another parameter turns them on', () => {
    const sticky = { ...CREATE['HTTP']!, StickySession: 'on' };
    rejects(plane(), 'CreateLoadBalancerHTTPListener', sticky, 400, 'MissingParameter', 'StickySessionType');
    rejects(
      plane(),
      'CreateLoadBalancerHTTPListener',
      { ...sticky, StickySessionType: 'insert' },
      400,
      'MissingParameter',
      'CookieTimeout',
    );
    rejects(plane(), 'CreateLoadBalancerHTTPListener', { ...sticky, StickySessionType: 'server' }, 400, 'MissingParameter', 'Cookie');
    rejects(
      plane(),
      'CreateLoadBalancerHTTPListener',
      { ...CREATE['HTTP']!, ListenerForward: 'on' },
      400,
      'MissingParameter',
      'ForwardPort',
    );
    const state = plane();
    ok(state, 'CreateLoadBalancerHTTPListener', { ...sticky, StickySessionType: 'insert', CookieTimeout: '600' });
    ok(state, 'CreateLoadBalancerHTTPListener', { ...CREATE['HTTP']!, ListenerPort: '8002', ListenerForward: 'on', ForwardPort: '443' });
    expect(listener(state, 8002)).toMatchObject({ ListenerForward: 'on', ForwardPort: 443, ForwardCode: 301 });
  });

  it('leaves rules the schema checks to the schema, naming the parameter', () => {
    rejects(
      plane(),
      'CreateLoadBalancerHTTPListener',
      { ...CREATE['HTTP']!, ListenerForward: 'on', ForwardPort: '80' },
      400,
      'InvalidParameter',
      'ForwardPort',
    );
    rejects(
      plane(),
      'CreateLoadBalancerTCPListener',
      { ...CREATE['TCP']!, HealthCheckURI: '/health' },
      400,
      'InvalidParameter',
      'HealthCheckURI',
    );
    rejects(
      plane(),
      'CreateLoadBalancerTCPListener',
      { ...CREATE['TCP']!, HealthCheckType: 'http', HealthCheckURI: 'health' },
      400,
      'InvalidParameter',
      'HealthCheckURI',
    );
    rejects(
      plane(),
      'CreateLoadBalancerHTTPListener',
      { ...CREATE['HTTP']!, HealthCheckHttpCode: 'http_6xx' },
      400,
      'InvalidParameter',
      'HealthCheckHttpCode',
    );
  });
});

describe('Start, Stop', () => {
  it('starts a stopped listener, refuses to start a running one, and stops either way', () => {
    const state = plane();
    ok(state, 'CreateLoadBalancerUDPListener', CREATE['UDP']!);
    expect(listener(state, 53)?.Status).toBe('stopped');
    ok(state, 'StartLoadBalancerListener', { ...LB, ListenerPort: '53' });
    expect(listener(state, 53)?.Status).toBe('running');
    rejects(state, 'StartLoadBalancerListener', { ...LB, ListenerPort: '53' }, 400, 'OperationFailed.ListenerStatusNotSupport', 'running');
    ok(state, 'StopLoadBalancerListener', { ...LB, ListenerPort: '53', ListenerProtocol: 'udp' });
    expect(listener(state, 53)?.Status).toBe('stopped');
    // Stopping a stopped listener succeeds and commits nothing.
    const before = state.scenario;
    ok(state, 'StopLoadBalancerListener', { ...LB, ListenerPort: '53' });
    expect(state.scenario).toBe(before);
  });

  it('finds the listener by port, and by protocol when given', () => {
    for (const action of ['StartLoadBalancerListener', 'StopLoadBalancerListener', 'DeleteLoadBalancerListener']) {
      rejects(plane(), action, { ...LB, ListenerPort: '81' }, 404, 'ListenerNotFound', '81');
      rejects(plane(), action, { ...LB, ListenerPort: '443', ListenerProtocol: 'http' }, 404, 'ListenerNotFound', 'HTTPS');
      rejects(plane(), action, { ...LB, ListenerPort: '443', ListenerProtocol: 'quic' }, 400, 'InvalidParameter', 'ListenerProtocol');
    }
  });
});

describe('SetLoadBalancer{TCP,UDP,HTTP,HTTPS}ListenerAttribute', () => {
  it('changes only the parameters given and keeps the Status', () => {
    const state = plane();
    const before = listener(state, 80)!;
    ok(state, 'SetLoadBalancerTCPListenerAttribute', { ...LB, ListenerPort: '80', Scheduler: 'wlc', EstablishedTimeout: '120' });
    expect(listener(state, 80)).toEqual({ ...before, Scheduler: 'wlc', EstablishedTimeout: 120 });
    expect(listener(state, 80)?.Status).toBe('running');
    const https = listener(state, 443)!;
    ok(state, 'SetLoadBalancerHTTPSListenerAttribute', { ...LB, ListenerPort: '443', CACertificateId: 'ca-1', Gzip: 'off' });
    expect(listener(state, 443)).toEqual({ ...https, CACertificateId: 'ca-1', Gzip: 'off' });
    // The HTTP listener's rules survive a change of its settings.
    ok(state, 'SetLoadBalancerHTTPListenerAttribute', { ...LB, ListenerPort: '8000', IdleTimeout: '5' });
    expect(listener(state, 8000)).toMatchObject({ IdleTimeout: 5, Rules: [{ RuleId: 'rule-api' }] });
  });

  it('commits nothing when no attribute is given', () => {
    const state = plane();
    const before = state.scenario;
    ok(state, 'SetLoadBalancerTCPListenerAttribute', { ...LB, ListenerPort: '80', Description: 'ignored' });
    expect(state.scenario).toBe(before);
  });

  it('turns off what depends on a switched-off setting', () => {
    const state = plane();
    ok(state, 'SetLoadBalancerTCPListenerAttribute', { ...LB, ListenerPort: '80', HealthCheckType: 'http', HealthCheckURI: '/ping' });
    expect(listener(state, 80)).toMatchObject({ HealthCheckType: 'http', HealthCheckURI: '/ping', HealthCheckHttpCode: 'http_2xx' });
    ok(state, 'SetLoadBalancerTCPListenerAttribute', { ...LB, ListenerPort: '80', HealthCheckType: 'tcp' });
    expect(listener(state, 80)).toMatchObject({ HealthCheckType: 'tcp' });
    expect(listener(state, 80)).not.toHaveProperty('HealthCheckURI');
    expect(listener(state, 80)?.HealthCheckHttpCode).toBeUndefined();
    ok(state, 'SetLoadBalancerHTTPListenerAttribute', {
      ...LB,
      ListenerPort: '8000',
      StickySession: 'on',
      StickySessionType: 'insert',
      CookieTimeout: '60',
    });
    ok(state, 'SetLoadBalancerHTTPListenerAttribute', { ...LB, ListenerPort: '8000', StickySession: 'off' });
    expect(listener(state, 8000)).toMatchObject({ StickySession: 'off' });
    expect(listener(state, 8000)).not.toHaveProperty('StickySessionType');
    expect(listener(state, 8000)).not.toHaveProperty('CookieTimeout');
  });

  it('checks what the change makes mandatory against the merged listener', () => {
    const state = plane();
    rejects(
      state,
      'SetLoadBalancerHTTPListenerAttribute',
      { ...LB, ListenerPort: '8000', StickySession: 'on' },
      400,
      'MissingParameter',
      'StickySessionType',
    );
    ok(state, 'SetLoadBalancerHTTPListenerAttribute', {
      ...LB,
      ListenerPort: '8000',
      StickySession: 'on',
      StickySessionType: 'server',
      Cookie: 'sid',
    });
    // The type is already set, so switching it needs only the new type's own parameter.
    rejects(
      state,
      'SetLoadBalancerHTTPListenerAttribute',
      { ...LB, ListenerPort: '8000', StickySessionType: 'insert' },
      400,
      'MissingParameter',
      'CookieTimeout',
    );
  });

  it('does not change a listener of another protocol on the port', () => {
    rejects(
      plane(),
      'SetLoadBalancerUDPListenerAttribute',
      { ...LB, ListenerPort: '80', Bandwidth: '10' },
      404,
      'ListenerNotFound',
      'is TCP',
    );
    rejects(
      plane(),
      'SetLoadBalancerHTTPListenerAttribute',
      { ...LB, ListenerPort: '443', Gzip: 'off' },
      404,
      'ListenerNotFound',
      'is HTTPS',
    );
  });
});

describe('DeleteLoadBalancerListener', () => {
  it('removes the listener, its rules and the clients aimed at it', () => {
    const state = plane();
    ok(state, 'DeleteLoadBalancerListener', { ...LB, ListenerPort: '8000' });
    expect(state.scenario.listeners.map((l) => l.ListenerPort)).toEqual([80, 443]);
    expect(state.scenario.clients.map((c) => c.id)).toEqual(['tcp-clients']);
    // The port is free again, for any protocol.
    ok(state, 'CreateLoadBalancerUDPListener', { ...CREATE['UDP']!, ListenerPort: '8000' });
    rejects(state, 'DescribeLoadBalancerHTTPListenerAttribute', { ...LB, ListenerPort: '8000' }, 404, 'ListenerNotFound', '8000');
  });

  it('refuses to delete the HTTPS listener an HTTP listener redirects to', () => {
    const state = plane();
    ok(state, 'SetLoadBalancerHTTPListenerAttribute', { ...LB, ListenerPort: '8000', ListenerForward: 'on', ForwardPort: '443' });
    rejects(state, 'DeleteLoadBalancerListener', { ...LB, ListenerPort: '443' }, 400, 'InvalidParameter', '8000');
    ok(state, 'SetLoadBalancerHTTPListenerAttribute', { ...LB, ListenerPort: '8000', ListenerForward: 'off' });
    ok(state, 'DeleteLoadBalancerListener', { ...LB, ListenerPort: '443' });
  });
});
