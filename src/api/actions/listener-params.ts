import { TLS_CIPHER_POLICIES } from '../../scenario/l7-schema';
import type { Listener } from '../../scenario/schema';
import { invalidParameter } from '../errors';
import type { ActionParams } from '../router';

/**
 * The listener parameters of Create/SetLoadBalancer{TCP,UDP,HTTP,HTTPS}Listener(Attribute), Slb
 * 2014-05-15: which parameters each protocol takes and how each string becomes a value. Every
 * parameter arrives as a string; a value that is not of the parameter's kind or range is rejected
 * here, naming the parameter, before the scenario schema sees it. Shapes the schema checks well
 * (URIs, domains, cookie names, status-code lists) are passed through: commitScenario rejects
 * them with the same field name, because listener fields ARE the API's parameter names.
 */

export type Protocol = Listener['ListenerProtocol'];
/** What the parameters set on a listener, by field name; values are of the schema's types. */
export type ListenerFields = Record<string, unknown>;

type Parser = (text: string, name: string) => unknown;

const int =
  (min: number, max: number): Parser =>
  (text, name) => {
    const value = Number(text);
    if (!/^-?\d+$/.test(text) || value < min || value > max)
      throw invalidParameter(name, `"${text}" must be an integer from ${min} to ${max}`);
    return value;
  };

const oneOf =
  (values: readonly string[]): Parser =>
  (text, name) => {
    if (!values.includes(text)) throw invalidParameter(name, `"${text}" must be one of ${values.join(', ')}`);
    return text;
  };

const oneOfInt =
  (values: readonly number[]): Parser =>
  (text, name) => {
    if (!values.map(String).includes(text)) throw invalidParameter(name, `"${text}" must be one of ${values.join(', ')}`);
    return Number(text);
  };

/** -1 (no limit of its own) or 1–5120 Mbit/s. */
const bandwidth: Parser = (text, name) => {
  const value = Number(text);
  if (!/^-?\d+$/.test(text) || !(value === -1 || (value >= 1 && value <= 5120)))
    throw invalidParameter(name, `"${text}" must be -1 (unlimited) or an integer from 1 to 5120 (Mbit/s)`);
  return value;
};

const bool: Parser = (text, name) => {
  if (text !== 'true' && text !== 'false') throw invalidParameter(name, `"${text}" must be true or false`);
  return text === 'true';
};

/** Passed as given: the scenario schema checks the shape and names the parameter. */
const asGiven: Parser = (text) => text;
const onOff = oneOf(['on', 'off']);

const COMMON = {
  BackendServerPort: int(1, 65535),
  Bandwidth: bandwidth,
  HealthyThreshold: int(2, 10),
  UnhealthyThreshold: int(2, 10),
  HealthCheckConnectPort: int(1, 65535),
  HealthCheckInterval: int(1, 50),
  AclStatus: onOff,
  AclType: oneOf(['white', 'black']),
  /** Checked against the scenario's ACLs by the action (AclNotExist). */
  AclId: asGiven,
};
const LAYER4 = {
  ...COMMON,
  PersistenceTimeout: int(0, 3600),
  HealthCheckConnectTimeout: int(1, 300),
  /** The Create TCP/UDP actions' spelling of HealthCheckInterval (DOMAIN §2.5): folded into it. */
  healthCheckInterval: int(1, 50),
  FullNatEnabled: bool,
  /** The TCP/UDP actions' name for switching health checks on or off: the listener's HealthCheck. */
  HealthCheckSwitch: onOff,
  /** A master-slave server group (listeners.ts checks it exists); Set's MasterSlaveServerGroup off leaves it. */
  MasterSlaveServerGroupId: asGiven,
  MasterSlaveServerGroup: onOff,
  /** A VServer group of the instance (listeners.ts checks it): every connection goes to its members, each on its own Port. */
  VServerGroupId: asGiven,
};
const LAYER7 = {
  ...COMMON,
  Scheduler: oneOf(['wrr', 'wlc', 'rr']),
  VServerGroupId: asGiven,
  HealthCheck: onOff,
  HealthCheckURI: asGiven,
  HealthCheckDomain: asGiven,
  HealthCheckHttpCode: asGiven,
  HealthCheckTimeout: int(1, 300),
  HealthCheckMethod: oneOf(['head', 'get']),
  XForwardedFor: oneOf(['on']),
  XForwardedFor_SLBIP: onOff,
  XForwardedFor_SLBID: onOff,
  XForwardedFor_proto: onOff,
  StickySession: onOff,
  StickySessionType: oneOf(['insert', 'server']),
  CookieTimeout: int(1, 86_400),
  Cookie: asGiven,
  IdleTimeout: int(1, 60),
  RequestTimeout: int(1, 180),
  Gzip: onOff,
};

const PARSERS: Readonly<Record<Protocol, Readonly<Record<string, Parser>>>> = {
  tcp: {
    ...LAYER4,
    Scheduler: oneOf(['wrr', 'wlc', 'rr', 'sch', 'tch']),
    EstablishedTimeout: int(10, 900),
    HealthCheckType: oneOf(['tcp', 'http']),
    HealthCheckURI: asGiven,
    HealthCheckDomain: asGiven,
    HealthCheckHttpCode: asGiven,
    ConnectionDrain: onOff,
    ConnectionDrainTimeout: int(10, 900),
  },
  // qch keys on the QUIC connection ID, which only UDP carries.
  udp: { ...LAYER4, Scheduler: oneOf(['wrr', 'wlc', 'rr', 'sch', 'tch', 'qch']) },
  http: { ...LAYER7, ListenerForward: onOff, ForwardPort: int(1, 65535), ForwardCode: oneOfInt([301, 302, 303, 307, 308]) },
  https: {
    ...LAYER7,
    ServerCertificateId: asGiven,
    CACertificateId: asGiven,
    TLSCipherPolicy: oneOf(TLS_CIPHER_POLICIES),
    EnableHttp2: onOff,
  },
};

/** Every listener parameter of any protocol: one sent to a listener of another protocol is an error, not silently dropped. */
const ALL_NAMES = new Set(Object.values(PARSERS).flatMap((table) => Object.keys(table)));

/**
 * Parameters the real API takes that the simulator does not model. Rejected rather than ignored,
 * so nobody believes a setting took effect. (Description and Tag only label a listener: ignored.)
 */
const NOT_MODELLED: Readonly<Record<string, string>> = {
  healthCheckReq:
    'UDP health checks with a request string are not simulated: the simulated UDP check counts silence as healthy (leave healthCheckReq out)',
  healthCheckExp: 'UDP health checks with an expected reply are not simulated (leave healthCheckExp out)',
};

/** Which protocols take `name`, for the message when another protocol's parameter is sent. */
function protocolsOf(name: string): string {
  return (Object.keys(PARSERS) as Protocol[])
    .filter((p) => name in PARSERS[p])
    .map((p) => p.toUpperCase())
    .join('/');
}

/**
 * The listener fields the request sets, parsed; parameters it leaves out (or sends empty) are
 * absent. Unknown parameter names (common parameters, Description, Tag.N.Key, …) are ignored.
 */
export function parseListenerParams(params: ActionParams, protocol: Protocol): ListenerFields {
  const table = PARSERS[protocol];
  const fields: ListenerFields = {};
  for (const [name, text] of Object.entries(params)) {
    if (text === undefined || text === '') continue;
    const notModelled = NOT_MODELLED[name];
    if (notModelled !== undefined) throw invalidParameter(name, notModelled);
    const parse = table[name];
    if (parse) fields[name] = parse(text, name);
    else if (ALL_NAMES.has(name))
      throw invalidParameter(name, `${name} is a parameter of ${protocolsOf(name)} listeners; this listener is ${protocol.toUpperCase()}`);
  }
  return renameSwitch(foldIntervalAlias(fields));
}

function renameSwitch(fields: ListenerFields): ListenerFields {
  const { HealthCheckSwitch: health, ...rest } = fields;
  return health === undefined ? fields : { ...rest, HealthCheck: health };
}

/** healthCheckInterval and HealthCheckInterval are one setting; both with different values is an error. */
function foldIntervalAlias(fields: ListenerFields): ListenerFields {
  const { healthCheckInterval: alias, ...rest } = fields;
  if (alias === undefined) return fields;
  if (rest['HealthCheckInterval'] !== undefined && rest['HealthCheckInterval'] !== alias) {
    throw invalidParameter(
      'healthCheckInterval',
      `alias of HealthCheckInterval, which is ${String(rest['HealthCheckInterval'])}: give one of them, or the same value in both`,
    );
  }
  return { ...rest, HealthCheckInterval: alias };
}

/** The ListenerProtocol parameter of Start/Stop/Delete, when given. */
export function protocolParam(params: ActionParams): Protocol | undefined {
  const text = params['ListenerProtocol'];
  if (text === undefined || text === '') return undefined;
  return oneOf(['tcp', 'udp', 'http', 'https'])(text, 'ListenerProtocol') as Protocol;
}
