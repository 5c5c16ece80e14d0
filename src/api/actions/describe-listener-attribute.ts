import type { Listener } from '../../scenario/schema';
import type { ActionParams } from '../router';
import type { ControlPlaneState } from '../state';
import { defined, portParam, requireListener, requireLoadBalancer } from './params';

type Protocol = Listener['ListenerProtocol'];

/** Fields every listener answers, then each protocol's own (the API's response names). */
const COMMON = [
  'ListenerPort',
  'BackendServerPort',
  'Bandwidth',
  'Status',
  'Scheduler',
  'HealthCheck',
  'HealthyThreshold',
  'UnhealthyThreshold',
  'HealthCheckConnectPort',
  'HealthCheckInterval',
  'AclStatus',
  'AclType',
  'AclId',
] as const;
const LAYER4 = ['PersistenceTimeout', 'HealthCheckConnectTimeout', 'ConnectionDrain', 'ConnectionDrainTimeout', 'MasterSlaveServerGroupId', 'VServerGroupId'] as const;
const LAYER7 = [
  'VServerGroupId',
  'XForwardedFor',
  'XForwardedFor_SLBIP',
  'XForwardedFor_SLBID',
  'XForwardedFor_proto',
  'StickySession',
  'StickySessionType',
  'CookieTimeout',
  'Cookie',
  'HealthCheckURI',
  'HealthCheckDomain',
  'HealthCheckHttpCode',
  'HealthCheckTimeout',
  'HealthCheckMethod',
  'IdleTimeout',
  'RequestTimeout',
  'Gzip',
] as const;
const FIELDS: Readonly<Record<Protocol, readonly (keyof Listener)[]>> = {
  tcp: [...COMMON, ...LAYER4, 'EstablishedTimeout', 'HealthCheckType', 'HealthCheckURI', 'HealthCheckDomain', 'HealthCheckHttpCode'],
  udp: [...COMMON, ...LAYER4],
  http: [...COMMON, ...LAYER7, 'ListenerForward', 'ForwardPort', 'ForwardCode'],
  https: [...COMMON, ...LAYER7, 'ServerCertificateId', 'CACertificateId', 'TLSCipherPolicy', 'EnableHttp2'],
};

/**
 * DescribeLoadBalancer{TCP,UDP,HTTP,HTTPS}ListenerAttribute (Slb 2014-05-15): one listener's
 * configuration. A listener on the port with another protocol is not found, as on the real API.
 */
export function describeListenerAttribute(protocol: Protocol) {
  return (state: ControlPlaneState, params: ActionParams): Record<string, unknown> => {
    const lb = requireLoadBalancer(state, params);
    const { listener } = requireListener(state, lb.LoadBalancerId, portParam(params, 'ListenerPort', true), protocol);
    const fields: Record<string, unknown> = { LoadBalancerId: lb.LoadBalancerId };
    for (const name of FIELDS[protocol]) fields[name] = listener[name];
    if (protocol === 'tcp' || protocol === 'udp') Object.assign(fields, layer4CheckDefaults(listener));
    if (protocol === 'http' || protocol === 'https') {
      fields['Rules'] = {
        Rule: (listener.Rules ?? []).map((r) =>
          defined({ RuleId: r.RuleId, RuleName: r.RuleName, Domain: r.Domain, Url: r.Url, VServerGroupId: r.VServerGroupId }),
        ),
      };
    }
    if (protocol === 'https') {
      fields['DomainExtensions'] = {
        DomainExtension: (listener.DomainExtensions ?? []).map((d) => ({ Domain: d.Domain, ServerCertificateId: d.ServerCertificateId })),
      };
    }
    return defined(fields);
  };
}

/** The health-check timing the engine uses when the scenario leaves it out (TCP 2 s / 5 s, UDP 5 s / 10 s). */
function layer4CheckDefaults(listener: Listener): Record<string, number> {
  const udp = listener.ListenerProtocol === 'udp';
  return {
    HealthCheckInterval: listener.HealthCheckInterval ?? (udp ? 5 : 2),
    HealthCheckConnectTimeout: listener.HealthCheckConnectTimeout ?? (udp ? 10 : 5),
  };
}
