import { listenerSchema } from '../scenario/schema';
import type { Block, Obj, Reader, Resource } from './terraform-reader';

/**
 * An alicloud_slb_listener's own settings as scenario listener fields (the terraform import's
 * part for listeners; references to other resources are resolved by the import itself). A
 * setting that does not apply to the listener's protocol is a warning, not a field.
 */

const HTTP_CODES = ['http_2xx', 'http_3xx', 'http_4xx', 'http_5xx'];
const TLS_POLICIES = ['tls_cipher_policy_1_0', 'tls_cipher_policy_1_1', 'tls_cipher_policy_1_2', 'tls_cipher_policy_1_2_strict', 'tls_cipher_policy_1_2_strict_with_1_3'] as const;

type Protocol = 'tcp' | 'udp' | 'http' | 'https';
export type Setter = (field: string, value: unknown, key: string, applies?: boolean, where?: string) => void;

export function listenerSettings(read: Reader, r: Resource, protocol: Protocol | undefined, finish: (block: Block) => void): { l: Obj; set: Setter; l7: boolean } {
  const l: Obj = {};
  const l7 = protocol === 'http' || protocol === 'https';
  const set = (field: string, value: unknown, key: string, applies = true, where = 'HTTP/HTTPS listeners'): void => {
    if (value === undefined) return;
    if (!applies) return read.warn(key, `applies to ${where} only (this listener is ${protocol ?? 'of no protocol'}); left out`);
    l[field] = value;
  };
  set('BackendServerPort', read.int('backend_port', 1, 65535), 'backend_port');
  const bandwidth = read.int('bandwidth', -1, 5120);
  set('Bandwidth', bandwidth === 0 ? -1 : bandwidth, 'bandwidth');
  set('Scheduler', read.oneOf('scheduler', l7 ? (['wrr', 'wlc', 'rr'] as const) : protocol === 'udp' ? (['wrr', 'wlc', 'rr', 'sch', 'tch', 'qch'] as const) : (['wrr', 'wlc', 'rr', 'sch', 'tch'] as const)), 'scheduler');
  set('PersistenceTimeout', read.int('persistence_timeout', 0, 3600), 'persistence_timeout', !l7 || read.body['persistence_timeout'] === 0, 'TCP/UDP listeners');
  set('EstablishedTimeout', read.int('established_timeout', 10, 900), 'established_timeout', protocol === 'tcp', 'TCP listeners');
  set('HealthCheck', read.onOff('health_check'), 'health_check');
  const checkType = read.oneOf('health_check_type', ['tcp', 'http'] as const);
  set('HealthCheckType', checkType, 'health_check_type', protocol === 'tcp' || (l7 && checkType === 'http'), 'TCP listeners');
  if (l7) delete l['HealthCheckType'];
  const httpChecks = l7 || (protocol === 'tcp' && checkType === 'http');
  const uri = read.string('health_check_uri');
  if (uri !== undefined && !(protocol === 'tcp' && uri === '/' && checkType !== 'http')) set('HealthCheckURI', uri, 'health_check_uri', httpChecks && (l7 || uri !== '/'), 'HTTP health checks (a TCP listener\'s needs a path other than "/")');
  const domain = read.string('health_check_domain');
  if (domain !== undefined && domain !== '') set('HealthCheckDomain', domain, 'health_check_domain', httpChecks, 'HTTP health checks');
  const codes = read.string('health_check_http_code');
  if (codes !== undefined) {
    const list = codes.split(',');
    if (!list.every((c) => HTTP_CODES.includes(c)) || new Set(list).size !== list.length) read.warn('health_check_http_code', `"${codes}" is not a list of distinct ${HTTP_CODES.join(', ')}; left out`);
    else set('HealthCheckHttpCode', codes, 'health_check_http_code', httpChecks, 'HTTP health checks');
  }
  set('HealthCheckConnectPort', read.int('health_check_connect_port', 1, 65535), 'health_check_connect_port');
  set(l7 ? 'HealthCheckTimeout' : 'HealthCheckConnectTimeout', read.int('health_check_timeout', 1, 300), 'health_check_timeout');
  set('HealthCheckInterval', read.int('health_check_interval', 1, 50), 'health_check_interval');
  set('HealthyThreshold', read.int('healthy_threshold', 2, 10), 'healthy_threshold');
  set('UnhealthyThreshold', read.int('unhealthy_threshold', 2, 10), 'unhealthy_threshold');
  set('HealthCheckMethod', read.oneOf('health_check_method', ['head', 'get'] as const), 'health_check_method', l7);
  const sticky = read.onOff('sticky_session');
  set('StickySession', sticky, 'sticky_session', l7 || sticky === 'off');
  if (!l7) delete l['StickySession'];
  set('StickySessionType', read.oneOf('sticky_session_type', ['insert', 'server'] as const), 'sticky_session_type', l7);
  set('CookieTimeout', read.int('cookie_timeout', 1, 86400), 'cookie_timeout', l7);
  const cookie = read.string('cookie');
  if (cookie !== undefined && !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,200}$/.test(cookie)) read.warn('cookie', `"${cookie}" is not a cookie name; left out`);
  else set('Cookie', cookie, 'cookie', l7);
  set('IdleTimeout', read.int('idle_timeout', 1, 60), 'idle_timeout', l7);
  set('RequestTimeout', read.int('request_timeout', 1, 180), 'request_timeout', l7);
  const gzip = read.bool('gzip');
  set('Gzip', gzip === undefined ? undefined : gzip ? 'on' : 'off', 'gzip', l7);
  set('ListenerForward', read.onOff('listener_forward'), 'listener_forward', protocol === 'http', 'HTTP listeners');
  set('ForwardPort', read.int('forward_port', 1, 65535), 'forward_port', protocol === 'http', 'HTTP listeners');
  set('TLSCipherPolicy', read.oneOf('tls_cipher_policy', TLS_POLICIES), 'tls_cipher_policy', protocol === 'https', 'HTTPS listeners');
  set('EnableHttp2', read.onOff('enable_http2'), 'enable_http2', protocol === 'https', 'HTTPS listeners');
  for (const block of r.blocks('x_forwarded_for')) {
    for (const [key, field] of [['retrive_slb_ip', 'XForwardedFor_SLBIP'], ['retrive_slb_id', 'XForwardedFor_SLBID'], ['retrive_slb_proto', 'XForwardedFor_proto']] as const) {
      const on = block.bool(key);
      if (on !== undefined && l7) l[field] = on ? 'on' : 'off';
      else if (on !== undefined) block.warn(key, 'applies to HTTP/HTTPS listeners only; left out');
    }
    block.bool('retrive_client_ip');
    finish(block);
  }
  return { l, set, l7 };
}

/**
 * The listener as the scenario schema takes it: each field the schema refuses in this combination
 * is left out with the schema's own message, so the import never hands over an invalid listener.
 */
export function settle(listener: Obj, read: Reader): Obj {
  const current = { ...listener };
  for (let round = 0; round < 20; round++) {
    const result = listenerSchema.safeParse(current);
    if (result.success) return current;
    const issue = result.error.issues.find((i) => typeof i.path[0] === 'string' && i.path[0] !== 'ListenerProtocol' && i.path[0] !== 'ListenerPort' && Object.hasOwn(current, i.path[0]));
    if (issue === undefined) break;
    const field = issue.path[0] as string;
    read.warn(fieldKey(field), `${field}: ${issue.message}; left out`);
    delete current[field];
  }
  // Nothing more to leave out: keep what any listener of this protocol and port may have.
  return { ListenerProtocol: listener['ListenerProtocol'], ListenerPort: listener['ListenerPort'], ...(listener['ServerCertificateId'] ? { ServerCertificateId: listener['ServerCertificateId'] } : {}) };
}

const FIELD_KEYS: Record<string, string> = {
  StickySession: 'sticky_session',
  StickySessionType: 'sticky_session_type',
  CookieTimeout: 'cookie_timeout',
  Cookie: 'cookie',
  ForwardPort: 'forward_port',
  ListenerForward: 'listener_forward',
  HealthCheckURI: 'health_check_uri',
  HealthCheckDomain: 'health_check_domain',
  HealthCheckHttpCode: 'health_check_http_code',
  HealthCheckType: 'health_check_type',
  AclId: 'acl_ids',
  AclType: 'acl_type',
  AclStatus: 'acl_status',
};
const fieldKey = (field: string): string => FIELD_KEYS[field] ?? 'protocol';
