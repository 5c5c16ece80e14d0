import { describe, expect, it } from 'vitest';
import { attached, nested, type OneLbInput } from './api-test-helpers';
import { parseScenario } from '../scenario/validate';
import { handleRpc } from './router';
import { createControlPlane } from './state';

/**
 * The parameter errors of the listener actions, table-driven: each row is a request that must be
 * rejected with the documented status and code, a message naming the parameter, and the state left
 * as the same object.
 */
const scenario = parseScenario(nested({
  loadBalancer: { LoadBalancerId: 'lb-params0001' },
  listeners: [
    { ListenerProtocol: 'tcp', ListenerPort: 80 },
    { ListenerProtocol: 'udp', ListenerPort: 53 },
    { ListenerProtocol: 'http', ListenerPort: 8000 },
    { ListenerProtocol: 'https', ListenerPort: 443, ServerCertificateId: 'cert-1' },
  ],
  ...attached([{ ServerId: 'i-aa', PrivateIp: '10.0.0.1' }]),
  vServerGroups: [{ VServerGroupId: 'rsp-web' }],
  serverCertificates: [{ ServerCertificateId: 'cert-1' }],
} satisfies OneLbInput));

type Row = [action: string, params: Record<string, string>, status: number, code: string, named: string];

const LB = { LoadBalancerId: 'lb-params0001' };
const PORTS: Record<string, string> = { TCP: '80', UDP: '53', HTTP: '8000', HTTPS: '443' };
const CREATE: Record<string, Record<string, string>> = {
  TCP: { ...LB, ListenerPort: '81', BackendServerPort: '8081', Bandwidth: '-1' },
  UDP: { ...LB, ListenerPort: '54', BackendServerPort: '5353', Bandwidth: '-1' },
  HTTP: { ...LB, ListenerPort: '8001', BackendServerPort: '80', HealthCheck: 'on', StickySession: 'off' },
  HTTPS: { ...LB, ListenerPort: '8443', BackendServerPort: '80', HealthCheck: 'on', StickySession: 'off', ServerCertificateId: 'cert-1' },
};
const without = (params: Record<string, string>, name: string): Record<string, string> =>
  Object.fromEntries(Object.entries(params).filter(([key]) => key !== name));

/** Values out of range or of the wrong kind, valid for Create and Set of the protocol alike. */
const BAD_VALUES: Record<string, [string, string][]> = {
  ALL: [
    ['BackendServerPort', '0'],
    ['BackendServerPort', '65536'],
    ['BackendServerPort', 'http'],
    ['Bandwidth', '0'],
    ['Bandwidth', '-2'],
    ['Bandwidth', '5121'],
    ['Bandwidth', '1.5'],
    ['Scheduler', 'lc'],
    ['HealthyThreshold', '1'],
    ['UnhealthyThreshold', '11'],
    ['HealthCheckConnectPort', '0'],
    ['HealthCheckInterval', '51'],
    ['HealthCheckInterval', '2s'],
    ['AclStatus', 'yes'],
    ['AclStatus', 'ON'],
    ['AclType', 'grey'],
  ],
  TCP: [
    ['Scheduler', 'qch'],
    ['EstablishedTimeout', '9'],
    ['EstablishedTimeout', '901'],
    ['PersistenceTimeout', '3601'],
    ['HealthCheckConnectTimeout', '0'],
    ['healthCheckInterval', '0'],
    ['HealthCheckType', 'udp'],
    ['ConnectionDrain', 'yes'],
    ['ConnectionDrainTimeout', '5'],
    ['FullNatEnabled', 'on'],
    ['HealthCheckSwitch', 'yes'],
    // Another protocol's parameter is named, not dropped.
    ['HealthCheckTimeout', '5'],
    ['StickySession', 'off'],
  ],
  UDP: [
    ['PersistenceTimeout', '-1'],
    ['HealthCheckConnectTimeout', '301'],
    ['HealthCheckType', 'tcp'],
    ['EstablishedTimeout', '100'],
    ['healthCheckReq', 'hello'],
    ['healthCheckExp', 'ok'],
  ],
  L7: [
    ['Scheduler', 'sch'],
    ['HealthCheck', 'yes'],
    ['StickySession', 'maybe'],
    ['StickySessionType', 'rewrite'],
    ['CookieTimeout', '0'],
    ['CookieTimeout', '86401'],
    ['IdleTimeout', '61'],
    ['RequestTimeout', '181'],
    ['HealthCheckTimeout', '301'],
    ['HealthCheckMethod', 'post'],
    ['XForwardedFor', 'off'],
    ['XForwardedFor_SLBIP', 'true'],
    ['Gzip', '1'],
    ['HealthCheckSwitch', 'on'],
    ['PersistenceTimeout', '10'],
    ['MasterSlaveServerGroupId', 'rsp-ms'],
  ],
  HTTP: [
    ['ForwardCode', '300'],
    ['ForwardPort', '70000'],
    ['ListenerForward', 'yes'],
    ['ServerCertificateId', 'cert-1'],
  ],
  HTTPS: [
    ['TLSCipherPolicy', 'tls_cipher_policy_1_3'],
    ['EnableHttp2', 'yes'],
    ['ListenerForward', 'off'],
  ],
};

function badValueRows(protocol: string, action: string, base: Record<string, string>): Row[] {
  const own = [...BAD_VALUES['ALL']!, ...(BAD_VALUES[protocol] ?? []), ...(protocol.startsWith('HTTP') ? BAD_VALUES['L7']! : [])];
  return own.map(([name, value]): Row => [action, { ...base, [name]: value }, 400, 'InvalidParameter', `"${name}"`]);
}

/** The errors every action on one listener port shares: the instance and the port. */
function targetRows(action: string, base: Record<string, string>): Row[] {
  return [
    [action, without(base, 'LoadBalancerId'), 400, 'MissingParameter', 'LoadBalancerId'],
    [action, { ...base, LoadBalancerId: '' }, 400, 'MissingParameter', 'LoadBalancerId'],
    [action, { ...base, LoadBalancerId: 'lb-nope' }, 404, 'InvalidLoadBalancerId.NotFound', 'lb-nope'],
    [action, { ...base, RegionId: 'cn-beijing' }, 404, 'InvalidLoadBalancerId.NotFound', 'lb-params0001'],
    [action, without(base, 'ListenerPort'), 400, 'MissingParameter', 'ListenerPort'],
    [action, { ...base, ListenerPort: '0' }, 400, 'InvalidParameter', 'ListenerPort'],
    [action, { ...base, ListenerPort: '65536' }, 400, 'InvalidParameter', 'ListenerPort'],
    [action, { ...base, ListenerPort: '8o' }, 400, 'InvalidParameter', 'ListenerPort'],
  ];
}

const createRows: Row[] = Object.entries(CREATE).flatMap(([protocol, base]): Row[] => {
  const action = `CreateLoadBalancer${protocol}Listener`;
  const layer4 = protocol === 'TCP' || protocol === 'UDP';
  return [
    ...targetRows(action, base),
    ...badValueRows(protocol, action, base),
    [action, without(base, 'BackendServerPort'), 400, 'MissingParameter', 'BackendServerPort'],
    // Every protocol takes a VServer group of the instance (TCP/UDP too: the API's VServerGroupId).
    [action, { ...base, VServerGroupId: 'rsp-nope' }, 404, 'InvalidParameter', 'rsp-nope'],
    ...(layer4
      ? ([[action, without(base, 'Bandwidth'), 400, 'MissingParameter', 'Bandwidth']] as Row[])
      : ([
          [action, without(base, 'HealthCheck'), 400, 'MissingParameter', 'HealthCheck'],
          [action, without(base, 'StickySession'), 400, 'MissingParameter', 'StickySession'],
        ] as Row[])),
    // Both spellings of the interval at once must agree.
    ...(layer4
      ? ([
          [action, { ...base, HealthCheckInterval: '3', healthCheckInterval: '4' }, 400, 'InvalidParameter', 'healthCheckInterval'],
        ] as Row[])
      : []),
  ];
});

const httpsRows: Row[] = [
  ['CreateLoadBalancerHTTPSListener', without(CREATE['HTTPS']!, 'ServerCertificateId'), 400, 'MissingParameter', 'ServerCertificateId'],
  [
    'CreateLoadBalancerHTTPSListener',
    { ...CREATE['HTTPS']!, ServerCertificateId: 'cert-nope' },
    404,
    'ServerCertificateId.NotFound',
    'cert-nope',
  ],
  ['CreateLoadBalancerHTTPSListener', { ...CREATE['HTTPS']!, CACertificateId: 'ca-nope' }, 404, 'CACertificateId.NotFound', 'ca-nope'],
  [
    'SetLoadBalancerHTTPSListenerAttribute',
    { ...LB, ListenerPort: '443', ServerCertificateId: 'cert-nope' },
    404,
    'ServerCertificateId.NotFound',
    'cert-nope',
  ],
];

const setRows: Row[] = Object.keys(CREATE).flatMap((protocol): Row[] => {
  const action = `SetLoadBalancer${protocol}ListenerAttribute`;
  const base = { ...LB, ListenerPort: PORTS[protocol]! };
  return [
    ...targetRows(action, base),
    ...badValueRows(protocol, action, base),
    [action, { ...base, ListenerPort: '81' }, 404, 'ListenerNotFound', '81'],
  ];
});

const portRows: Row[] = ['StartLoadBalancerListener', 'StopLoadBalancerListener', 'DeleteLoadBalancerListener'].flatMap((action) =>
  targetRows(action, { ...LB, ListenerPort: '80' }),
);

describe('listener actions: parameter errors', () => {
  const rows = [...createRows, ...httpsRows, ...setRows, ...portRows];

  it.each(rows)('%s %j → %i %s naming %s', (action, params, status, code, named) => {
    const state = createControlPlane(scenario);
    const before = state.scenario;
    const { status: got, body } = handleRpc(state, { Action: action, ...params });
    expect({ status: got, code: body['Code'] }).toEqual({ status, code });
    expect(body['Message']).toContain(named);
    expect(state.scenario).toBe(before);
  });

  it('lists the valid values of an enumerated parameter', () => {
    const { body } = handleRpc(createControlPlane(scenario), {
      Action: 'CreateLoadBalancerUDPListener',
      ...CREATE['UDP']!,
      Scheduler: 'lc',
    });
    expect(body['Message']).toContain('wrr, wlc, rr, sch, tch, qch');
  });

  it('ignores parameters that only label a listener, or that no listener has', () => {
    const state = createControlPlane(scenario);
    const { status } = handleRpc(state, {
      Action: 'CreateLoadBalancerTCPListener',
      ...CREATE['TCP']!,
      Description: 'web',
      'Tag.1.Key': 'team',
      AclStatus: 'off',
    });
    expect(status).toBe(200);
    expect(state.scenario.listeners.find((l) => l.ListenerPort === 81)).not.toHaveProperty('Description');
  });
});
