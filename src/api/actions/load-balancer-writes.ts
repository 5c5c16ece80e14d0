import type { LoadBalancerAttributes as LoadBalancer } from '../../scenario/load-balancers';
import { MAX_LOAD_BALANCERS, type Scenario } from '../../scenario/schema';
import { commitScenario } from '../commit';
import { ApiError, invalidParameter, missingParameter } from '../errors';
import type { ActionParams, ActionTable } from '../router';
import type { ControlPlaneState } from '../state';
import { checkRegion, itemsOf, requiredParam, requireLoadBalancer, scenarioRegion } from './params';

/**
 * The load balancers' own actions (Slb 2014-05-15): CreateLoadBalancer, DeleteLoadBalancer,
 * SetLoadBalancerName, ModifyLoadBalancerInstanceSpec, ModifyLoadBalancerInternetSpec,
 * SetLoadBalancerStatus, SetLoadBalancerDeleteProtection, SetLoadBalancerModificationProtection.
 * A scenario is one region's load balancers (at least one, at most MAX_LOAD_BALANCERS). Each write
 * builds a new scenario and commits it (commit.ts).
 */

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

/** The scenario with one load balancer's attributes replaced. */
function withLoadBalancer(scenario: Scenario, lb: LoadBalancer): Scenario {
  return { ...scenario, loadBalancers: scenario.loadBalancers.map((l) => (l.LoadBalancerId === lb.LoadBalancerId ? lb : l)) };
}

/** Commits the scenario with these fields of `lb` changed; failures name the parameter. */
function commitLoadBalancer(state: ControlPlaneState, lb: LoadBalancer, fields: Partial<LoadBalancer>, param: string): void {
  commitScenario(state, withLoadBalancer(state.scenario, { ...lb, ...fields }), () => param);
}

/** SetLoadBalancerName: renames the instance. */
export function setLoadBalancerName(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  const lb = requireLoadBalancer(state, params);
  const name = nameParam(params, 'LoadBalancerName', true)!;
  commitLoadBalancer(state, lb, { LoadBalancerName: name }, 'LoadBalancerName');
  return {};
}

/**
 * ModifyLoadBalancerInstanceSpec: a new specification, in force at once. The running engine swaps
 * the instance limits (connections, new connections per second, QPS) live: a smaller spec drops new
 * connections over its limits while established ones continue (DOMAIN §5).
 */
export function modifyLoadBalancerInstanceSpec(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  const lb = requireLoadBalancer(state, params);
  const spec = oneOf(params, 'LoadBalancerSpec', SPECS, true);
  commitLoadBalancer(state, lb, { LoadBalancerSpec: spec }, 'LoadBalancerSpec');
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
    const listeners = itemsOf(state.scenario.listeners, lb.LoadBalancerId).filter((l) => l.Bandwidth !== -1);
    const total = listeners.reduce((sum, l) => sum + l.Bandwidth, 0);
    if (total > bandwidth) {
      throw invalidParameter(
        'Bandwidth',
        `${bandwidth} Mbit/s is less than the ${total} Mbit/s the listeners' own bandwidths add up to (${listeners.map((l) => `${l.ListenerPort}: ${l.Bandwidth}`).join(', ')}); lower theirs first`,
      );
    }
  }
  if (chargeType === undefined && bandwidth === undefined) return {};
  commitLoadBalancer(state, lb, { ...(chargeType === undefined ? {} : { InternetChargeType: chargeType }), ...(bandwidth === undefined ? {} : { Bandwidth: bandwidth }) }, bandwidth === undefined ? 'InternetChargeType' : 'Bandwidth');
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
  const lb = requireLoadBalancer(state, params);
  const status = oneOf(params, 'LoadBalancerStatus', STATUSES, true);
  commitLoadBalancer(state, lb, { LoadBalancerStatus: status }, 'LoadBalancerStatus');
  return {};
}

/** SetLoadBalancerDeleteProtection: on refuses DeleteLoadBalancer. */
export function setLoadBalancerDeleteProtection(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  const lb = requireLoadBalancer(state, params);
  const protection = oneOf(params, 'DeleteProtection', ON_OFF, true);
  commitLoadBalancer(state, lb, { DeleteProtection: protection }, 'DeleteProtection');
  return {};
}

/**
 * SetLoadBalancerModificationProtection: ConsoleProtection (with an optional reason) or
 * NonProtection (which takes no reason and clears the one recorded). The product's protection
 * guards the console only, never the API, so the simulator records and reports it and refuses nothing.
 */
export function setLoadBalancerModificationProtection(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  const lb = requireLoadBalancer(state, params);
  const { status, reason } = modificationProtectionParams(params, true);
  const { ModificationProtectionReason: _cleared, ...rest } = lb;
  const next: LoadBalancer = { ...rest, ModificationProtectionStatus: status!, ...(reason === undefined ? {} : { ModificationProtectionReason: reason }) };
  commitScenario(state, withLoadBalancer(state.scenario, next), (path) => (path.endsWith('Reason') ? 'ModificationProtectionReason' : 'ModificationProtectionStatus'));
  return {};
}

/** ModificationProtectionStatus and its reason: a reason only with ConsoleProtection. */
function modificationProtectionParams(params: ActionParams, required: boolean): { status: LoadBalancer['ModificationProtectionStatus']; reason: string | undefined } {
  const status = required ? oneOf(params, 'ModificationProtectionStatus', PROTECTION, true) : oneOf(params, 'ModificationProtectionStatus', PROTECTION, false);
  const reason = nameParam(params, 'ModificationProtectionReason', false);
  if (status !== 'ConsoleProtection' && reason !== undefined) {
    throw invalidParameter('ModificationProtectionReason', 'is taken only with ModificationProtectionStatus ConsoleProtection');
  }
  return { status, reason };
}

// --- CreateLoadBalancer and DeleteLoadBalancer ----------------------------------------------

const ADDRESS_TYPES: readonly LoadBalancer['AddressType'][] = ['internet', 'intranet'];
/** The spec the API gives an instance created without one (DOMAIN §7: the smallest). */
const DEFAULT_SPEC: LoadBalancer['LoadBalancerSpec'] = 'slb.s1.small';
/** Ids the simulator allocates: `lb-sim` and ten digits, as the default scenario's `lb-sim0000000001`. */
const ALLOCATED_ID = /^lb-sim(\d{10})$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
/** Where allocated addresses start: public ones after the default scenario's 47.100.10.10, private ones in 172.16.0.0/12. */
const FIRST_PUBLIC = '47.100.10.10';
const FIRST_PRIVATE = '172.16.0.10';
/** A zone ID: the region's ID and a zone letter or name (cn-hangzhou-h). */
const ZONE_ID = /^[a-z]+(-[a-z0-9]+)+$/;

const ipToInt = (ip: string): number => ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
const intToIp = (n: number): string => [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');

/**
 * The next load balancer ID: `lb-sim` and one more than the highest such ID in the scenario. A pure
 * function of the scenario, so replaying the journal allocates the same ID (later entries name it).
 */
export function nextLoadBalancerId(scenario: Pick<Scenario, 'loadBalancers'>): string {
  const ids = new Set(scenario.loadBalancers.map((lb) => lb.LoadBalancerId));
  let n = Math.max(0, ...scenario.loadBalancers.map((lb) => Number(ALLOCATED_ID.exec(lb.LoadBalancerId)?.[1] ?? 0))) + 1;
  while (ids.has(`lb-sim${String(n).padStart(10, '0')}`)) n++;
  return `lb-sim${String(n).padStart(10, '0')}`;
}

/** Every IPv4 address the scenario already uses: instances, ECS (private and public), EIPs, NAT gateways. */
function usedAddresses(scenario: Scenario): Set<string> {
  return new Set([
    ...scenario.loadBalancers.map((lb) => lb.Address),
    ...scenario.ecsInstances.flatMap((s) => [s.PrivateIp, ...(s.publicIp === undefined ? [] : [s.publicIp])]),
    ...scenario.egress.eips.map((e) => e.IpAddress),
    ...scenario.egress.natGateways.map((n) => n.eipAddress),
  ]);
}

/**
 * The first free address from 47.100.10.10 (internet) or 172.16.0.10 (intranet) upwards, skipping
 * .0 and .255 and every address the scenario uses. Pure, like the ID.
 */
export function nextAddress(scenario: Scenario, type: LoadBalancer['AddressType']): string {
  const used = usedAddresses(scenario);
  for (let n = ipToInt(type === 'internet' ? FIRST_PUBLIC : FIRST_PRIVATE); ; n++) {
    const last = n % 256;
    if (last === 0 || last === 255) continue;
    const ip = intToIp(n);
    if (!used.has(ip)) return ip;
  }
}

/** A zone parameter: a zone ID of the scenario's region. */
function zoneParam(params: ActionParams, name: string, region: string): string | undefined {
  const zone = params[name];
  if (zone === undefined || zone === '') return undefined;
  if (!ZONE_ID.test(zone) || !zone.startsWith(`${region}-`)) {
    throw invalidParameter(name, `"${zone}" is not a zone of ${region}; zone IDs are the region's ID and a zone letter, such as ${region}-h`);
  }
  return zone;
}

/** `vpc-…` / `vsw-…`: answered back as given (the simulator models no VPC). */
function networkIdParam(params: ActionParams, name: 'VpcId' | 'VSwitchId'): string | undefined {
  const value = params[name];
  if (value === undefined || value === '') return undefined;
  const prefix = name === 'VpcId' ? 'vpc-' : 'vsw-';
  if (!new RegExp(`^${prefix}[a-z0-9]{1,40}$`).test(value)) throw invalidParameter(name, `"${value}" must look like ${prefix}xxxx (lower-case letters and digits)`);
  return value;
}

const regionNotServed = (region: string, own: string): ApiError =>
  new ApiError(404, 'InvalidRegionId.NotFound', `The specified RegionId "${region}" is not served: the simulator models one region, ${own}.`);

/**
 * CreateLoadBalancer: a new pay-as-you-go instance in the scenario's region, with a fresh
 * `lb-sim…` ID and a fresh address (see nextLoadBalancerId, nextAddress; `Address` may name a free
 * private address for an intranet instance). Its zones default to the first instance's; its spec
 * to slb.s1.small; its name to its ID. It has no listeners, servers or groups yet, is active, and
 * is added to the running simulation like every change. At most MAX_LOAD_BALANCERS per scenario.
 */
export function createLoadBalancer(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  const { scenario } = state;
  const own = scenarioRegion(scenario);
  if (params['RegionId'] === undefined || params['RegionId'] === '') throw missingParameter('RegionId');
  const region = checkRegion(params)!;
  if (region !== own) throw regionNotServed(region, own);
  const addressType = oneOf(params, 'AddressType', ADDRESS_TYPES, false) ?? 'internet';
  const chargeType = oneOf(params, 'InternetChargeType', CHARGE_TYPES, false) ?? 'paybytraffic';
  if (addressType === 'intranet' && chargeType !== 'paybytraffic') {
    throw invalidParameter('InternetChargeType', 'an intranet instance is billed by traffic (paybytraffic); paybybandwidth is for internet instances');
  }
  const bandwidth = bandwidthParam(params);
  if (chargeType === 'paybybandwidth' && bandwidth === undefined) throw missingParameter('Bandwidth');
  const spec = oneOf(params, 'LoadBalancerSpec', SPECS, false) ?? DEFAULT_SPEC;
  const name = nameParam(params, 'LoadBalancerName', false);
  const first = scenario.loadBalancers[0]!;
  const master = zoneParam(params, 'MasterZoneId', own);
  const slave = zoneParam(params, 'SlaveZoneId', own);
  if (slave !== undefined && master === undefined) throw missingParameter('MasterZoneId');
  const masterZone = master ?? first.MasterZoneId;
  const slaveZone = slave ?? (first.SlaveZoneId !== masterZone ? first.SlaveZoneId : first.MasterZoneId);
  if (masterZone === slaveZone) throw invalidParameter('SlaveZoneId', `must be another zone than MasterZoneId (${masterZone}): the secondary zone takes over when the primary fails`);
  const version = params['AddressIPVersion'];
  if (version !== undefined && version !== 'ipv4') {
    throw invalidParameter('AddressIPVersion', version === 'ipv6' ? 'ipv6 instances are not simulated: the simulated clients have IPv4 addresses (use ipv4)' : `"${version}" must be ipv4 or ipv6`);
  }
  const payType = params['PayType'];
  if (payType !== undefined && payType !== 'PayOnDemand') {
    throw invalidParameter('PayType', payType === 'PrePay' ? 'subscription (PrePay) instances are not simulated; use PayOnDemand' : `"${payType}" must be PayOnDemand or PrePay`);
  }
  const vpcId = networkIdParam(params, 'VpcId');
  const vSwitchId = networkIdParam(params, 'VSwitchId');
  const deleteProtection = oneOf(params, 'DeleteProtection', ON_OFF, false);
  const protection = modificationProtectionParams(params, false);
  const address = addressParam(state.scenario, params, addressType);
  if (scenario.loadBalancers.length >= MAX_LOAD_BALANCERS) {
    throw new ApiError(400, 'OverQuota', `The region already has ${MAX_LOAD_BALANCERS} load balancers, the most a scenario simulates (the default quota of instances per region); delete one first.`);
  }
  const id = nextLoadBalancerId(scenario);
  const lb: LoadBalancer = {
    LoadBalancerId: id,
    LoadBalancerName: name ?? id,
    Address: address,
    AddressType: addressType,
    RegionId: own,
    MasterZoneId: masterZone,
    SlaveZoneId: slaveZone,
    LoadBalancerSpec: spec,
    InternetChargeType: chargeType,
    Bandwidth: bandwidth ?? BANDWIDTH_MAX,
    ...(deleteProtection === undefined ? {} : { DeleteProtection: deleteProtection }),
    ...(protection.status === undefined ? {} : { ModificationProtectionStatus: protection.status }),
    ...(protection.reason === undefined ? {} : { ModificationProtectionReason: protection.reason }),
  };
  commitScenario(state, { ...scenario, loadBalancers: [...scenario.loadBalancers, lb] });
  return {
    LoadBalancerId: id,
    LoadBalancerName: lb.LoadBalancerName,
    Address: address,
    AddressIPVersion: 'ipv4',
    NetworkType: 'vpc',
    VpcId: vpcId ?? '',
    VSwitchId: vSwitchId ?? '',
    ...(params['ResourceGroupId'] ? { ResourceGroupId: params['ResourceGroupId'] } : {}),
  };
}

/** `Address`: an intranet instance's private address, given by the caller; else the next free one. */
function addressParam(scenario: Scenario, params: ActionParams, type: LoadBalancer['AddressType']): string {
  const given = params['Address'];
  if (given === undefined || given === '') return nextAddress(scenario, type);
  if (type === 'internet') throw invalidParameter('Address', 'only an intranet instance takes an Address; an internet instance is given a public one');
  if (!IPV4.test(given)) throw invalidParameter('Address', `"${given}" is not an IPv4 address`);
  if (usedAddresses(scenario).has(given)) throw invalidParameter('Address', `${given} is already used in this region; leave Address out to be given a free one`);
  return given;
}

/**
 * DeleteLoadBalancer: the instance goes with everything that is its own — listeners (and their
 * rules), its default server group's attachments, VServer and master-slave groups — and the client
 * populations aimed at it, which have nothing left to connect to (the scenario's rules reject a
 * population of a missing instance). Region resources stay: ECS instances, certificates, ACLs.
 * Refused with DeleteProtection on (the API's code), and for the scenario's last instance (the
 * simulator's rule: a scenario simulates at least one load balancer).
 */
export function deleteLoadBalancer(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  const lb = requireLoadBalancer(state, params);
  if (lb.DeleteProtection === 'on') {
    throw new ApiError(400, 'OperationDenied.DeleteProtectionIsOn', "The loadbalancer can't be deleted due to DeleteProtection is enabled.");
  }
  const { scenario } = state;
  if (scenario.loadBalancers.length === 1) {
    throw new ApiError(
      400,
      'OperationDenied',
      `${lb.LoadBalancerId} is the scenario's last load balancer, and a scenario simulates at least one, so it cannot be deleted; create another first, or set LoadBalancerStatus inactive (SetLoadBalancerStatus) to stop it forwarding.`,
    );
  }
  const id = lb.LoadBalancerId;
  const others = <T extends { LoadBalancerId: string }>(items: readonly T[]): T[] => items.filter((item) => item.LoadBalancerId !== id);
  commitScenario(state, {
    ...scenario,
    loadBalancers: scenario.loadBalancers.filter((l) => l.LoadBalancerId !== id),
    listeners: others(scenario.listeners),
    backendServers: others(scenario.backendServers),
    vServerGroups: others(scenario.vServerGroups),
    masterSlaveServerGroups: others(scenario.masterSlaveServerGroups),
    clients: others(scenario.clients),
  });
  return {};
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
