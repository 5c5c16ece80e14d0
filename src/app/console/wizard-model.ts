import { jsonList, upper, type PlannedRequest, type Protocol } from './requests';
import type { SlbFailure } from './slb-client';

/**
 * The add-listener wizard's state and the requests it sends. Every field holds what the user
 * typed, as text, and is sent as typed: the API checks ranges and combinations and names the
 * parameter at fault, and `fieldOfError` takes the user back to that field. The wizard's field
 * names are the API's parameter names, so the mapping is by name.
 */

export const WIZARD_STEPS = ['protocol', 'scheduling', 'backends', 'health', 'traffic', 'review'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];
export const STEP_TITLES: Readonly<Record<WizardStep, string>> = {
  protocol: 'Protocol and ports',
  scheduling: 'Scheduling and persistence',
  backends: 'Backend servers',
  health: 'Health check',
  traffic: 'Traffic',
  review: 'Review',
};

export interface NewServer {
  ServerId: string;
  Weight: string;
}

export interface WizardState {
  protocol: Protocol;
  ListenerPort: string;
  BackendServerPort: string;
  /** Mbit/s; -1 is "no limit of its own". */
  Bandwidth: string;
  Scheduler: string;
  /** TCP/UDP session persistence, s (0 = off). */
  PersistenceTimeout: string;
  /** HTTP/HTTPS cookie persistence. */
  StickySession: string;
  StickySessionType: string;
  CookieTimeout: string;
  Cookie: string;
  ServerCertificateId: string;
  /** Default server group (the instance's backend servers, plus any added here) or a VServer group. */
  backendMode: 'default' | 'vserver';
  VServerGroupId: string;
  newServers: NewServer[];
  HealthCheck: string;
  HealthCheckInterval: string;
  HealthyThreshold: string;
  UnhealthyThreshold: string;
  /** TCP/UDP probe timeout, s. */
  HealthCheckConnectTimeout: string;
  /** HTTP/HTTPS probe timeout, s. */
  HealthCheckTimeout: string;
  HealthCheckURI: string;
  traffic: boolean;
  ConnectionsPerSecond: string;
  ArrivalType: string;
  RequestBytes: string;
  ResponseBytes: string;
  Exchanges: string;
  ClientIps: string;
  startNow: boolean;
}

export function initialWizardState(): WizardState {
  return {
    protocol: 'tcp',
    ListenerPort: '',
    BackendServerPort: '80',
    Bandwidth: '-1',
    Scheduler: 'wrr',
    PersistenceTimeout: '0',
    StickySession: 'off',
    StickySessionType: 'insert',
    CookieTimeout: '',
    Cookie: '',
    ServerCertificateId: '',
    backendMode: 'default',
    VServerGroupId: '',
    newServers: [],
    HealthCheck: 'on',
    HealthCheckInterval: '2',
    HealthyThreshold: '3',
    UnhealthyThreshold: '3',
    HealthCheckConnectTimeout: '5',
    HealthCheckTimeout: '5',
    HealthCheckURI: '/',
    traffic: true,
    ConnectionsPerSecond: '50',
    ArrivalType: 'poisson',
    RequestBytes: '400',
    ResponseBytes: '8000',
    Exchanges: '1',
    ClientIps: '1000',
    startNow: true,
  };
}

const isLayer7 = (p: Protocol): boolean => p === 'http' || p === 'https';

/** The parameter that turns health checks on or off: HealthCheckSwitch on TCP/UDP listeners, HealthCheck on HTTP/HTTPS. */
export const healthSwitchParam = (p: Protocol): string => (isLayer7(p) ? 'HealthCheck' : 'HealthCheckSwitch');

/** Text as sent: trimmed, and an empty field is left out (the API's default applies). */
const value = (text: string): string | undefined => (text.trim() === '' ? undefined : text.trim());

/** Which wizard fields a protocol shows (and sends), by step. */
export function fieldsOf(state: Pick<WizardState, 'protocol' | 'StickySession' | 'HealthCheck'>): Record<WizardStep, string[]> {
  const l7 = isLayer7(state.protocol);
  const scheduling = ['Scheduler'];
  if (l7) {
    scheduling.push('StickySession');
    if (state.StickySession === 'on') scheduling.push('StickySessionType', 'CookieTimeout', 'Cookie');
  } else scheduling.push('PersistenceTimeout');
  const health = ['HealthCheck'];
  if (state.HealthCheck !== 'off') {
    health.push('HealthCheckInterval', 'HealthyThreshold', 'UnhealthyThreshold', l7 ? 'HealthCheckTimeout' : 'HealthCheckConnectTimeout');
    if (l7) health.push('HealthCheckURI');
  }
  return {
    protocol: [
      'ListenerProtocol',
      'ListenerPort',
      'BackendServerPort',
      'Bandwidth',
      ...(state.protocol === 'https' ? ['ServerCertificateId'] : []),
    ],
    scheduling,
    backends: ['VServerGroupId', 'BackendServers'],
    health,
    traffic: ['ConnectionsPerSecond', 'ArrivalType', 'RequestBytes', 'ResponseBytes', 'Exchanges', 'ClientIps'],
    review: ['startNow'],
  };
}

/** The Create…Listener parameters from the wizard, in the order the console shows them. */
function createParams(state: WizardState, loadBalancerId: string): Record<string, string | undefined> {
  const shown = fieldsOf(state);
  const params: Record<string, string | undefined> = { LoadBalancerId: loadBalancerId };
  const take = (name: keyof WizardState): void => {
    params[name] = value(String(state[name]));
  };
  for (const name of ['ListenerPort', 'BackendServerPort', 'Bandwidth'] as const) take(name);
  if (state.protocol === 'https') take('ServerCertificateId');
  for (const name of shown.scheduling) take(name as keyof WizardState);
  if (state.backendMode === 'vserver') take('VServerGroupId');
  // The TCP/UDP actions call the health-check switch HealthCheckSwitch; HTTP/HTTPS call it HealthCheck.
  params[healthSwitchParam(state.protocol)] = value(state.HealthCheck);
  for (const name of shown.health) if (name !== 'HealthCheck') take(name as keyof WizardState);
  return params;
}

/**
 * The requests the wizard sends, in order: Create<P>Listener, AddBackendServers (servers added
 * to the default group), SimSetClientPopulation, then StartLoadBalancerListener if asked. Each
 * undoable one carries its reversal; deleting the listener undoes its creation.
 */
export function wizardPlan(state: WizardState, loadBalancerId: string): PlannedRequest[] {
  const port = value(state.ListenerPort);
  const key = { LoadBalancerId: loadBalancerId, ListenerPort: port };
  const plan: PlannedRequest[] = [
    {
      action: `CreateLoadBalancer${upper(state.protocol)}Listener`,
      params: createParams(state, loadBalancerId),
      purpose: `create the ${upper(state.protocol)} listener on port ${port ?? '(none given)'}`,
      undo: { action: 'DeleteLoadBalancerListener', params: key },
    },
  ];
  const servers = state.backendMode === 'default' ? state.newServers.filter((s) => s.ServerId.trim() !== '' || s.Weight.trim() !== '') : [];
  if (servers.length > 0) {
    const list = jsonList(servers.map((s) => ({ ServerId: s.ServerId.trim(), Weight: value(s.Weight) })));
    plan.push({
      action: 'AddBackendServers',
      params: { LoadBalancerId: loadBalancerId, BackendServers: list },
      purpose: `add ${servers.length} backend server(s) to the default server group`,
      undo: { action: 'RemoveBackendServers', params: { LoadBalancerId: loadBalancerId, BackendServers: list } },
    });
  }
  if (state.traffic) {
    plan.push({
      action: 'SimSetClientPopulation',
      params: {
        ...key,
        ConnectionsPerSecond: value(state.ConnectionsPerSecond),
        ArrivalType: value(state.ArrivalType),
        RequestBytes: value(state.RequestBytes),
        ResponseBytes: value(state.ResponseBytes),
        Exchanges: value(state.Exchanges),
        ClientIps: value(state.ClientIps),
      },
      // No reversal of its own: deleting the listener (the first request's reversal) takes its populations with it.
      purpose: 'send simulated clients to it',
    });
  }
  if (state.startNow) plan.push({ action: 'StartLoadBalancerListener', params: key, purpose: 'start it' });
  return plan;
}

/** Codes that name no parameter but are about one field. */
const FIELD_OF_CODE: Readonly<Record<string, string>> = {
  ListenerAlreadyExists: 'ListenerPort',
  ListenerNumberOverLimit: 'ListenerPort',
  TooManyBackendServers: 'BackendServers',
  BackendServersMalformed: 'BackendServers',
  'InvalidWeight.Malformed': 'BackendServers',
  'InvalidServerId.NotFound': 'BackendServers',
  'InvalidVServerGroupId.NotFound': 'VServerGroupId',
  VServerGroupEmpty: 'VServerGroupId',
  'InvalidServerCertificateId.NotFound': 'ServerCertificateId',
};

/** Parameters of the wizard's requests that are one field of it under another name. */
const ALIASES: Readonly<Record<string, string>> = {
  healthcheckinterval: 'HealthCheckInterval',
  healthcheckswitch: 'HealthCheck',
  serverid: 'BackendServers',
  weight: 'BackendServers',
  type: 'BackendServers',
};

export interface FieldError {
  step: WizardStep;
  /** The wizard field (its API parameter name), or undefined when the error is about no field. */
  field: string | undefined;
  error: SlbFailure;
}

/**
 * Where an API error belongs in the wizard: the field whose parameter the message names (or the
 * code implies), on the step that shows it; anything else belongs to the review step.
 */
export function fieldOfError(state: WizardState, error: SlbFailure): FieldError {
  const named = error.parameter ?? FIELD_OF_CODE[error.code];
  const shown = fieldsOf(state);
  if (named) {
    const canonical = ALIASES[named.toLowerCase()] ?? named;
    for (const step of WIZARD_STEPS) {
      const field = shown[step].find((f) => f.toLowerCase() === canonical.toLowerCase());
      if (field) return { step, field, error };
    }
  }
  return { step: 'review', field: undefined, error };
}
