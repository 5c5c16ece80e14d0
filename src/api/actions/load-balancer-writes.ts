import type { Scenario } from '../../scenario/schema';
import { commitScenario } from '../commit';
import { ApiError, invalidParameter } from '../errors';
import type { ActionParams, ActionTable } from '../router';
import type { ControlPlaneState } from '../state';
import { checkRegion, requiredParam, requireLoadBalancer } from './params';

/**
 * The load balancer's own write actions (Slb 2014-05-15): SetLoadBalancerName,
 * ModifyLoadBalancerInstanceSpec, ModifyLoadBalancerInternetSpec, SetLoadBalancerStatus,
 * SetLoadBalancerDeleteProtection, SetLoadBalancerModificationProtection, and the answers to
 * CreateLoadBalancer and DeleteLoadBalancer for a simulator that runs exactly one instance per
 * scenario. Each write builds a new scenario and commits it (commit.ts).
 */

type LoadBalancer = Scenario['loadBalancer'];

const SPECS: readonly LoadBalancer['LoadBalancerSpec'][] = ['slb.s1.small', 'slb.s2.small', 'slb.s2.medium', 'slb.s3.small', 'slb.s3.medium', 'slb.s3.large'];
const CHARGE_TYPES: readonly LoadBalancer['InternetChargeType'][] = ['paybytraffic', 'paybybandwidth'];
const STATUSES: readonly NonNullable<LoadBalancer['LoadBalancerStatus']>[] = ['active', 'inactive'];
const ON_OFF: readonly NonNullable<LoadBalancer['DeleteProtection']>[] = ['on', 'off'];
const PROTECTION: readonly NonNullable<LoadBalancer['ModificationProtectionStatus']>[] = ['NonProtection', 'ConsoleProtection'];
/** The instance's peak bandwidth, Mbit/s (CreateLoadBalancer / ModifyLoadBalancerInternetSpec). */
const BANDWIDTH_MIN = 1;
const BANDWIDTH_MAX = 5120;

/**
 * LoadBalancerName and ModificationProtectionReason: 1–80 characters, starting with a letter or a
 * Chinese character, then letters, Chinese characters, digits, periods, underscores and hyphens.
 */
const NAME = /^[A-Za-z\u4e00-\u9fa5][A-Za-z0-9\u4e00-\u9fa5._-]{0,79}$/;
const NAME_RULE = 'must be 1–80 characters, start with a letter or a Chinese character, and contain only letters, Chinese characters, digits, periods (.), underscores (_) and hyphens (-)';

function oneOf<T extends string>(params: ActionParams, name: string, values: readonly T[], required: true): T;
function oneOf<T extends string>(params: ActionParams, name: string, values: readonly T[], required: false): T | undefined;
function oneOf<T extends string>(params: ActionParams, name: string, values: readonly T[], required: boolean): T | undefined {
  const text = required ? requiredParam(params, name) : params[name];
  if (text === undefined) return undefined;
  if (!(values as readonly string[]).includes(text)) throw invalidParameter(name, `"${text}" must be one of ${values.join(', ')}`);
  return text as T;
}

function nameParam(params: ActionParams, name: string, required: boolean): string | undefined {
  const text = required ? requiredParam(params, name) : params[name];
  if (text === undefined) return undefined;
  if (!NAME.test(text)) throw invalidParameter(name, `"${text}" ${NAME_RULE}`);
  return text;
}

/** Commits the scenario with these load-balancer fields changed; failures name the parameter. */
function commitLoadBalancer(state: ControlPlaneState, fields: Partial<LoadBalancer>, param: string): void {
  const next: Scenario = { ...state.scenario, loadBalancer: { ...state.scenario.loadBalancer, ...fields } };
  commitScenario(state, next, () => param);
}

/** SetLoadBalancerName: renames the instance. */
export function setLoadBalancerName(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  requireLoadBalancer(state, params);
  const name = nameParam(params, 'LoadBalancerName', true)!;
  commitLoadBalancer(state, { LoadBalancerName: name }, 'LoadBalancerName');
  return {};
}

/**
 * ModifyLoadBalancerInstanceSpec: a new specification, in force at once. The running engine swaps
 * the instance limits (connections, new connections per second, QPS) live: a smaller spec drops new
 * connections over its limits while established ones continue (DOMAIN §5).
 */
export function modifyLoadBalancerInstanceSpec(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  requireLoadBalancer(state, params);
  const spec = oneOf(params, 'LoadBalancerSpec', SPECS, true);
  commitLoadBalancer(state, { LoadBalancerSpec: spec }, 'LoadBalancerSpec');
  return {};
}

/**
 * ModifyLoadBalancerInternetSpec: the charge type and/or the peak bandwidth of an internet-facing
 * instance. The real product applies a charge-type change at 00:00 the next day; the simulator
 * records it at once and bills the whole run under the configuration in force (docs/BILLING.md).
 * The listeners' own bandwidths may not add up to more than the instance's.
 */
export function modifyLoadBalancerInternetSpec(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  const lb = requireLoadBalancer(state, params);
  const chargeType = oneOf(params, 'InternetChargeType', CHARGE_TYPES, false);
  const bandwidth = bandwidthParam(params);
  if (lb.AddressType === 'intranet' && chargeType !== undefined && chargeType !== lb.InternetChargeType) {
    throw invalidParameter('InternetChargeType', 'an intranet instance is billed by traffic; its charge type cannot change');
  }
  if (bandwidth !== undefined) {
    const listeners = state.scenario.listeners.filter((l) => l.Bandwidth !== -1);
    const total = listeners.reduce((sum, l) => sum + l.Bandwidth, 0);
    if (total > bandwidth) {
      throw invalidParameter(
        'Bandwidth',
        `${bandwidth} Mbit/s is less than the ${total} Mbit/s the listeners' own bandwidths add up to (${listeners.map((l) => `${l.ListenerPort}: ${l.Bandwidth}`).join(', ')}); lower theirs first`,
      );
    }
  }
  if (chargeType === undefined && bandwidth === undefined) return {};
  commitLoadBalancer(state, { ...(chargeType === undefined ? {} : { InternetChargeType: chargeType }), ...(bandwidth === undefined ? {} : { Bandwidth: bandwidth }) }, bandwidth === undefined ? 'InternetChargeType' : 'Bandwidth');
  return {};
}

function bandwidthParam(params: ActionParams): number | undefined {
  const text = params['Bandwidth'];
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < BANDWIDTH_MIN || value > BANDWIDTH_MAX) {
    throw invalidParameter('Bandwidth', `"${text}" must be an integer from ${BANDWIDTH_MIN} to ${BANDWIDTH_MAX} (Mbit/s)`);
  }
  return value;
}

/**
 * SetLoadBalancerStatus: inactive, every listener refuses new connections as a stopped listener
 * does (no answer to a SYN or a new flow's datagram) and health checks pause; connections already
 * established carry on. Listeners keep their own Status, so active again restores each as it was.
 */
export function setLoadBalancerStatus(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  requireLoadBalancer(state, params);
  const status = oneOf(params, 'LoadBalancerStatus', STATUSES, true);
  commitLoadBalancer(state, { LoadBalancerStatus: status }, 'LoadBalancerStatus');
  return {};
}

/** SetLoadBalancerDeleteProtection: on refuses DeleteLoadBalancer. */
export function setLoadBalancerDeleteProtection(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  requireLoadBalancer(state, params);
  const protection = oneOf(params, 'DeleteProtection', ON_OFF, true);
  commitLoadBalancer(state, { DeleteProtection: protection }, 'DeleteProtection');
  return {};
}

/**
 * SetLoadBalancerModificationProtection: ConsoleProtection (with an optional reason) or
 * NonProtection (which takes no reason and clears the one recorded). The product's protection
 * guards the console only, never the API, so the simulator records and reports it and refuses nothing.
 */
export function setLoadBalancerModificationProtection(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  const lb = requireLoadBalancer(state, params);
  const status = oneOf(params, 'ModificationProtectionStatus', PROTECTION, true);
  const reason = nameParam(params, 'ModificationProtectionReason', false);
  if (status === 'NonProtection' && reason !== undefined) {
    throw invalidParameter('ModificationProtectionReason', 'is taken only with ModificationProtectionStatus ConsoleProtection');
  }
  const { ModificationProtectionReason: _cleared, ...rest } = lb;
  const next: LoadBalancer = { ...rest, ModificationProtectionStatus: status, ...(reason === undefined ? {} : { ModificationProtectionReason: reason }) };
  commitScenario(state, { ...state.scenario, loadBalancer: next }, (path) => (path.endsWith('Reason') ? 'ModificationProtectionReason' : 'ModificationProtectionStatus'));
  return {};
}

/** CreateLoadBalancer: the scenario is one instance, so the account is always at its quota. */
export function createLoadBalancer(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  checkRegion(params);
  const lb = state.scenario.loadBalancer;
  throw new ApiError(
    400,
    'OverQuota',
    `This simulator runs one load balancer per scenario (${lb.LoadBalancerId}), so no other can be created; configure that one, or start a new scenario for another instance.`,
  );
}

/**
 * DeleteLoadBalancer: refused. With DeleteProtection on, with the API's own code; otherwise because
 * the scenario is its one instance (stop it with SetLoadBalancerStatus inactive instead).
 */
export function deleteLoadBalancer(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  const lb = requireLoadBalancer(state, params);
  if (lb.DeleteProtection === 'on') {
    throw new ApiError(400, 'OperationDenied.DeleteProtectionIsOn', "The loadbalancer can't be deleted due to DeleteProtection is enabled.");
  }
  throw new ApiError(
    400,
    'OperationDenied',
    `This simulator runs one load balancer per scenario and ${lb.LoadBalancerId} is it, so it cannot be deleted; set LoadBalancerStatus inactive (SetLoadBalancerStatus) to stop it forwarding, or delete its listeners.`,
  );
}

export const LOAD_BALANCER_ACTIONS: ActionTable = {
  CreateLoadBalancer: createLoadBalancer,
  DeleteLoadBalancer: deleteLoadBalancer,
  SetLoadBalancerName: setLoadBalancerName,
  ModifyLoadBalancerInstanceSpec: modifyLoadBalancerInstanceSpec,
  ModifyLoadBalancerInternetSpec: modifyLoadBalancerInternetSpec,
  SetLoadBalancerStatus: setLoadBalancerStatus,
  SetLoadBalancerDeleteProtection: setLoadBalancerDeleteProtection,
  SetLoadBalancerModificationProtection: setLoadBalancerModificationProtection,
};
