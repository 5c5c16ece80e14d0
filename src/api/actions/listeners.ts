import { requireVServerGroup } from './vserver-group-writes';
import type { LoadBalancerAttributes } from '../../scenario/load-balancers';
import type { Listener, Scenario } from '../../scenario/schema';
import { commitScenario } from '../commit';
import { ApiError, invalidParameter, missingParameter } from '../errors';
import type { ActionParams, ActionTable } from '../router';
import type { ControlPlaneState } from '../state';
import { aclNotFound } from './acls';
import { describeLoadBalancerListeners } from './describe-listeners';
import { masterSlaveListenerFields } from './master-slave-groups';
import { parseListenerParams, protocolParam, type ListenerFields, type Protocol } from './listener-params';
import { itemsOf, listenerIndex, portParam, requireListener, requireLoadBalancer } from './params';

/**
 * The listener write actions of the SLB API (Slb 2014-05-15): Create/Set for each protocol,
 * Start, Stop, Delete, and the DescribeLoadBalancerListeners list (describe-listeners.ts). Every change builds the next
 * scenario and commits it (commit.ts), so a rejected call leaves the state as it was.
 */

/** DOMAIN §5: an instance has at most 50 listeners. */
const MAX_LISTENERS = 50;
/** DOMAIN §7: ports a UDP listener cannot use. */
const UDP_RESERVED_PORTS: readonly number[] = [250, 4789, 4790];

// --- Where the listeners live: one flat list of the region's listeners, each naming its
// --- LoadBalancerId. An action reads its instance's listeners and edits the flat list in place,
// --- so the other instances' listeners keep their places.

function listenersOf(state: ControlPlaneState, lb: LoadBalancerAttributes): Listener[] {
  return itemsOf(state.scenario.listeners, lb.LoadBalancerId);
}

/**
 * Commits the region's next listeners (and client populations). The drafts are schema input:
 * commitScenario parses the whole scenario again, which fills every default and checks every rule.
 */
function commitListeners(
  state: ControlPlaneState,
  listeners: readonly (ListenerFields & { LoadBalancerId: string })[],
  clients: Scenario['clients'] = state.scenario.clients,
): void {
  const next = { ...state.scenario, listeners, clients } as unknown as Scenario;
  commitScenario(state, next);
}

// --- Errors of these actions (codes from the API's docs and error center; see docs/API.md).

const listenerAlreadyExists = (port: number, existing: Listener): ApiError =>
  new ApiError(
    400,
    'ListenerAlreadyExists',
    `The specified port ${port} is already used by the ${existing.ListenerProtocol.toUpperCase()} listener of this load balancer.`,
  );
const listenerNumberOverLimit = (): ApiError =>
  new ApiError(400, 'ListenerNumberOverLimit', `The load balancer already has ${MAX_LISTENERS} listeners, the most an instance can have.`);
const statusNotSupport = (port: number, status: string): ApiError =>
  new ApiError(
    400,
    'OperationFailed.ListenerStatusNotSupport',
    `The status of the listener on port ${port} (${status}) does not support this operation: only a stopped listener can be started.`,
  );
const notFound = (code: string, name: string, id: string, where: string): ApiError =>
  new ApiError(404, code, `The specified ${name} does not exist: "${id}" is not in ${where}.`);

/** Parameters a Create action cannot do without (the API's docs per protocol). */
function requireCreateParams(protocol: Protocol, fields: ListenerFields): void {
  const required = protocol === 'tcp' || protocol === 'udp' ? ['Bandwidth'] : ['HealthCheck', 'StickySession'];
  if (protocol === 'https') required.push('ServerCertificateId');
  // Without a VServer (or master-slave) group the listener forwards to the default server group on this port.
  if (fields['VServerGroupId'] === undefined && fields['MasterSlaveServerGroupId'] === undefined) required.push('BackendServerPort');
  for (const name of required) if (fields[name] === undefined) throw missingParameter(name);
}

/** Parameters that become mandatory through another one's value (the HTTP/HTTPS actions' docs). */
function requireDependentParams(listener: ListenerFields): void {
  if (listener['StickySession'] === 'on') {
    if (listener['StickySessionType'] === undefined) throw missingParameter('StickySessionType');
    if (listener['StickySessionType'] === 'insert' && listener['CookieTimeout'] === undefined) throw missingParameter('CookieTimeout');
    if (listener['StickySessionType'] === 'server' && listener['Cookie'] === undefined) throw missingParameter('Cookie');
  }
  if (listener['ListenerForward'] === 'on' && listener['ForwardPort'] === undefined) throw missingParameter('ForwardPort');
  if (listener['AclStatus'] === 'on') {
    if (listener['AclType'] === undefined) throw missingParameter('AclType');
    if (listener['AclId'] === undefined) throw missingParameter('AclId');
  }
}

/**
 * The VServer group, certificates and ACL a request names must exist (404 each, as unknown
 * resources are). The group must be the instance's own: another instance's group is not found.
 */
function requireReferences(state: ControlPlaneState, lb: LoadBalancerAttributes, fields: ListenerFields): void {
  const { serverCertificates, caCertificates } = state.scenario;
  const group = fields['VServerGroupId'];
  if (typeof group === 'string') requireVServerGroup(state, group, lb.LoadBalancerId);
  const certificate = fields['ServerCertificateId'];
  if (typeof certificate === 'string' && !serverCertificates.some((c) => c.ServerCertificateId === certificate))
    throw notFound('ServerCertificateId.NotFound', 'ServerCertificateId', certificate, 'the uploaded server certificates');
  const ca = fields['CACertificateId'];
  if (typeof ca === 'string' && !caCertificates.some((c) => c.CACertificateId === ca))
    throw notFound('CACertificateId.NotFound', 'CACertificateId', ca, 'the uploaded CA certificates');
  const acl = fields['AclId'];
  if (typeof acl === 'string' && !state.scenario.acls.some((a) => a.AclId === acl)) throw aclNotFound(acl);
}

/** A TCP/UDP listener forwards to its VServer group or to its master-slave group, never both. */
function requireOneGroup(listener: ListenerFields): void {
  if (listener['VServerGroupId'] !== undefined && listener['MasterSlaveServerGroupId'] !== undefined)
    throw invalidParameter(
      'VServerGroupId',
      'a listener forwards to a VServer group or to a master-slave server group, not both: leave one out (or send MasterSlaveServerGroup off)',
    );
}

/** The listeners' own bandwidths (−1 = none of its own) may not add up to more than the instance's. */
function requireBandwidthFits(lb: LoadBalancerAttributes, others: readonly Listener[], bandwidth: unknown): void {
  if (typeof bandwidth !== 'number' || bandwidth === -1) return;
  const total = others.reduce((sum, l) => sum + (l.Bandwidth === -1 ? 0 : l.Bandwidth), bandwidth);
  if (total > lb.Bandwidth) {
    throw invalidParameter(
      'Bandwidth',
      `the listeners' bandwidths would add up to ${total} Mbit/s, more than the instance's Bandwidth of ${lb.Bandwidth} Mbit/s`,
    );
  }
}

/** CreateLoadBalancer{TCP,UDP,HTTP,HTTPS}Listener: a new listener, stopped until started. */
function createListener(protocol: Protocol) {
  return (state: ControlPlaneState, params: ActionParams): Record<string, unknown> => {
    const lb = requireLoadBalancer(state, params);
    const port = portParam(params, 'ListenerPort', true);
    const { fields } = masterSlaveListenerFields(state, lb.LoadBalancerId, parseListenerParams(params, protocol));
    requireCreateParams(protocol, fields);
    const listeners = listenersOf(state, lb);
    const existing = listeners.find((l) => l.ListenerPort === port);
    if (existing) throw listenerAlreadyExists(port, existing);
    if (listeners.length >= MAX_LISTENERS) throw listenerNumberOverLimit();
    if (protocol === 'udp' && UDP_RESERVED_PORTS.includes(port))
      throw invalidParameter('ListenerPort', `UDP listeners cannot use ports ${UDP_RESERVED_PORTS.join(', ')}`);
    requireReferences(state, lb, fields);
    requireOneGroup(fields);
    requireDependentParams(fields);
    requireBandwidthFits(lb, listeners, fields['Bandwidth']);
    commitListeners(state, [...state.scenario.listeners, { ...fields, LoadBalancerId: lb.LoadBalancerId, ListenerProtocol: protocol, ListenerPort: port, Status: 'stopped' }]);
    return {};
  };
}

/** Fields a value of another field switches off: left set, the schema would reject the listener. */
function dropSwitchedOff(merged: ListenerFields, given: ListenerFields): ListenerFields {
  const next = { ...merged };
  const drop = (names: readonly string[]): void => {
    for (const name of names) if (!(name in given)) delete next[name];
  };
  // HTTP checks of a TCP listener (their defaults included) end with HealthCheckType tcp.
  if (given['HealthCheckType'] === 'tcp') drop(['HealthCheckURI', 'HealthCheckDomain', 'HealthCheckHttpCode']);
  if (given['StickySession'] === 'off') drop(['StickySessionType', 'CookieTimeout', 'Cookie']);
  // Access control off releases the ACL (so it can be deleted), as switching it off in the console does.
  if (given['AclStatus'] === 'off') drop(['AclType', 'AclId']);
  return next;
}

/** SetLoadBalancer{TCP,UDP,HTTP,HTTPS}ListenerAttribute: changes only the parameters given; Status stays. */
function setListenerAttribute(protocol: Protocol) {
  return (state: ControlPlaneState, params: ActionParams): Record<string, unknown> => {
    const lb = requireLoadBalancer(state, params);
    const port = portParam(params, 'ListenerPort', true);
    const parsed = parseListenerParams(params, protocol);
    const { listener, index } = requireListener(state, lb.LoadBalancerId, port, protocol);
    const { fields, dropGroup } = masterSlaveListenerFields(state, lb.LoadBalancerId, parsed, listener);
    if (Object.keys(fields).length === 0 && (!dropGroup || listener.MasterSlaveServerGroupId === undefined)) return {};
    requireReferences(state, lb, fields);
    const next = dropSwitchedOff({ ...listener, ...fields }, fields);
    if (dropGroup) delete next['MasterSlaveServerGroupId'];
    requireOneGroup(next);
    requireDependentParams(next);
    requireBandwidthFits(
      lb,
      listenersOf(state, lb).filter((l) => l !== listener),
      next['Bandwidth'],
    );
    commitListeners(
      state,
      state.scenario.listeners.map((l, i) => (i === index ? { ...next, LoadBalancerId: l.LoadBalancerId } : l)),
    );
    return {};
  };
}

/** The instance's listener on ListenerPort, of ListenerProtocol when given (Start/Stop/Delete take either). */
function requirePortListener(state: ControlPlaneState, params: ActionParams): { listener: Listener; index: number } {
  const lb = requireLoadBalancer(state, params);
  const port = portParam(params, 'ListenerPort', true);
  const protocol = protocolParam(params);
  if (protocol !== undefined) return requireListener(state, lb.LoadBalancerId, port, protocol);
  const index = listenerIndex(state.scenario, lb.LoadBalancerId, port);
  const listener = state.scenario.listeners[index];
  if (listener === undefined)
    throw new ApiError(
      404,
      'ListenerNotFound',
      `The specified listener on port ${port} does not exist: ${lb.LoadBalancerId} has no listener on that port.`,
    );
  return { listener, index };
}

function withStatus(state: ControlPlaneState, index: number, Status: Listener['Status']): void {
  commitListeners(
    state,
    state.scenario.listeners.map((l, i) => (i === index ? { ...l, Status } : l)),
  );
}

/** StartLoadBalancerListener: the API's docs allow it only on a stopped listener. */
function startListener(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  const { listener, index } = requirePortListener(state, params);
  if (listener.Status !== 'stopped') throw statusNotSupport(listener.ListenerPort, listener.Status);
  withStatus(state, index, 'running');
  return {};
}

/** StopLoadBalancerListener: its docs set no precondition, so stopping a stopped listener succeeds and changes nothing. */
function stopListener(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  const { listener, index } = requirePortListener(state, params);
  if (listener.Status !== 'stopped') withStatus(state, index, 'stopped');
  return {};
}

/**
 * DeleteLoadBalancerListener: the listener goes, with its forwarding rules (they live on it).
 * Client populations aimed at its port go too: they have nothing left to connect to, and the
 * scenario's rules reject a population on a port without a listener, so keeping them would make
 * every delete of a listener with clients fail.
 */
function deleteListener(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  const { listener, index } = requirePortListener(state, params);
  const port = listener.ListenerPort;
  const owner = listener.LoadBalancerId;
  const redirect = state.scenario.listeners.find((l) => l.LoadBalancerId === owner && l.ListenerForward === 'on' && l.ForwardPort === port);
  if (redirect) {
    throw invalidParameter(
      'ListenerPort',
      `the HTTP listener on port ${redirect.ListenerPort} redirects to this listener (ListenerForward on, ForwardPort ${port}); turn its ListenerForward off or delete it first`,
    );
  }
  commitListeners(
    state,
    state.scenario.listeners.filter((_, i) => i !== index),
    state.scenario.clients.filter((c) => c.LoadBalancerId !== owner || c.ListenerPort !== port),
  );
  return {};
}

export const LISTENER_ACTIONS: ActionTable = {
  CreateLoadBalancerTCPListener: createListener('tcp'),
  CreateLoadBalancerUDPListener: createListener('udp'),
  CreateLoadBalancerHTTPListener: createListener('http'),
  CreateLoadBalancerHTTPSListener: createListener('https'),
  SetLoadBalancerTCPListenerAttribute: setListenerAttribute('tcp'),
  SetLoadBalancerUDPListenerAttribute: setListenerAttribute('udp'),
  SetLoadBalancerHTTPListenerAttribute: setListenerAttribute('http'),
  SetLoadBalancerHTTPSListenerAttribute: setListenerAttribute('https'),
  StartLoadBalancerListener: startListener,
  StopLoadBalancerListener: stopListener,
  DeleteLoadBalancerListener: deleteListener,
  DescribeLoadBalancerListeners: describeLoadBalancerListeners,
};
