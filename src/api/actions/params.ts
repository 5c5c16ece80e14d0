import type { LoadBalancerAttributes } from '../../scenario/load-balancers';
import type { Listener, Scenario } from '../../scenario/schema';
import { ApiError, invalidParameter, missingParameter } from '../errors';
import type { ActionParams } from '../router';
import type { ControlPlaneState } from '../state';

/** A region ID's shape (cn-hangzhou, ap-southeast-1, cn-shanghai-finance-1); which regions exist is not checked. */
export const REGION_ID = /^[a-z]+(-[a-z0-9]+)+$/;

export function requiredParam(params: ActionParams, name: string): string {
  const value = params[name];
  if (value === undefined || value === '') throw missingParameter(name);
  return value;
}

export function checkRegion(params: ActionParams): string | undefined {
  const region = params['RegionId'];
  if (region !== undefined && !REGION_ID.test(region)) {
    throw invalidParameter(
      'RegionId',
      `"${region}" is not a region ID; use lower-case letters and digits in hyphen-separated parts, such as cn-hangzhou or eu-central-1`,
    );
  }
  return region;
}

/** A port parameter, 1–65535; undefined when optional and absent. */
export function portParam(params: ActionParams, name: string, required: true): number;
export function portParam(params: ActionParams, name: string, required: false): number | undefined;
export function portParam(params: ActionParams, name: string, required: boolean): number | undefined {
  const text = required ? requiredParam(params, name) : params[name];
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > 65535) throw invalidParameter(name, `"${text}" must be a port number from 1 to 65535`);
  return value;
}

/** `true` / `false`, as the API's boolean parameters take them. */
export function booleanParam(params: ActionParams, name: string): boolean {
  const text = params[name];
  if (text === undefined) return false;
  if (text !== 'true' && text !== 'false') throw invalidParameter(name, `"${text}" must be true or false`);
  return text === 'true';
}

export const loadBalancerNotFound = (id: string): ApiError =>
  new ApiError(404, 'InvalidLoadBalancerId.NotFound', `The specified LoadBalancerId does not exist: "${id}".`);

/**
 * The instance named by the required LoadBalancerId (and RegionId, when given): one of the
 * scenario's load balancers, or the API's 404.
 */
export function requireLoadBalancer(state: ControlPlaneState, params: ActionParams): LoadBalancerAttributes {
  const region = checkRegion(params);
  const id = requiredParam(params, 'LoadBalancerId');
  const lb = state.scenario.loadBalancers.find((l) => l.LoadBalancerId === id);
  if (lb === undefined || (region !== undefined && region !== lb.RegionId)) throw loadBalancerNotFound(id);
  return lb;
}

/** The region the scenario models: every load balancer of a scenario is in it (the schema checks). */
export function scenarioRegion(scenario: Pick<Scenario, 'loadBalancers'>): string {
  return scenario.loadBalancers[0]!.RegionId;
}

/** The items of one load balancer, of any of the scenario's flat per-instance lists. */
export function itemsOf<T extends { LoadBalancerId: string }>(items: readonly T[], loadBalancerId: string): T[] {
  return items.filter((item) => item.LoadBalancerId === loadBalancerId);
}

export const listenerNotFound = (port: number, protocol: string, detail: string): ApiError =>
  new ApiError(404, 'ListenerNotFound', `The specified ${protocol.toUpperCase()} listener on port ${port} does not exist: ${detail}.`);

/** The index (in the scenario's flat list) of the instance's listener on `port`, or -1. */
export function listenerIndex(scenario: Pick<Scenario, 'listeners'>, loadBalancerId: string, port: number): number {
  return scenario.listeners.findIndex((l) => l.LoadBalancerId === loadBalancerId && l.ListenerPort === port);
}

/** The instance's listener on `port`, which must exist and speak `protocol`; `index` is its place in the flat list. */
export function requireListener(
  state: ControlPlaneState,
  loadBalancerId: string,
  port: number,
  protocol: Listener['ListenerProtocol'],
): { listener: Listener; index: number } {
  const index = listenerIndex(state.scenario, loadBalancerId, port);
  const listener = state.scenario.listeners[index];
  if (listener === undefined) throw listenerNotFound(port, protocol, `${loadBalancerId} has no listener on that port`);
  if (listener.ListenerProtocol !== protocol) {
    throw listenerNotFound(
      port,
      protocol,
      `the listener on that port is ${listener.ListenerProtocol.toUpperCase()}; ask DescribeLoadBalancer${apiProtocol(listener.ListenerProtocol)}ListenerAttribute`,
    );
  }
  return { listener, index };
}

/** tcp → TCP, as the action names spell protocols. */
export function apiProtocol(protocol: Listener['ListenerProtocol']): string {
  return protocol.toUpperCase();
}

/** The object without its undefined fields: the API leaves unset fields out of a response. */
export function defined(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}
