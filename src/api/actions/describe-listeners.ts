import type { LoadBalancerAttributes } from '../../scenario/load-balancers';
import type { Listener } from '../../scenario/schema';
import { invalidParameter } from '../errors';
import type { ActionParams } from '../router';
import type { ControlPlaneState } from '../state';
import { describeListenerAttribute } from './describe-listener-attribute';
import { protocolParam } from './listener-params';
import { apiProtocol, checkRegion, defined, itemsOf, portParam } from './params';

/**
 * DescribeLoadBalancerListeners (Slb 2014-05-15): the listeners of the instances named by
 * LoadBalancerId.N (all instances in the region when none is named), filtered by ListenerProtocol,
 * ListenerPort and Description, paged with MaxResults (1–100, default 20) and NextToken. Each
 * listener answers its common fields plus a `{TCP,UDP,HTTP,HTTPS}ListenerConfig` object with the
 * protocol's own settings, as the API does.
 */

/** The API takes up to 10 instance ids per call. */
const MAX_IDS = 10;
const DEFAULT_RESULTS = 20;
const MAX_RESULTS = 100;
/** Common fields answered at the top level; the rest of the attribute answer goes into the config. */
const TOP_LEVEL = ['LoadBalancerId', 'ListenerPort', 'BackendServerPort', 'Bandwidth', 'Status', 'Scheduler', 'VServerGroupId', 'AclStatus', 'AclType', 'AclId'] as const;

/** Every instance with its listeners, in the scenario's order. */
function instances(state: ControlPlaneState): { lb: LoadBalancerAttributes; listeners: readonly Listener[] }[] {
  return state.scenario.loadBalancers.map((lb) => ({ lb, listeners: itemsOf(state.scenario.listeners, lb.LoadBalancerId) }));
}

/** LoadBalancerId.1 … LoadBalancerId.10 (and a bare LoadBalancerId, which some clients send). */
function idsParam(params: ActionParams): Set<string> | undefined {
  const ids = new Set<string>();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === '') continue;
    const match = /^LoadBalancerId(?:\.(\d+))?$/.exec(name);
    if (!match) continue;
    const n = match[1] === undefined ? 1 : Number(match[1]);
    if (n < 1 || n > MAX_IDS) throw invalidParameter(name, `N must be from 1 to ${MAX_IDS}: at most ${MAX_IDS} instance ids per call`);
    ids.add(value);
  }
  return ids.size > 0 ? ids : undefined;
}

function maxResultsParam(params: ActionParams): number {
  const text = params['MaxResults'];
  if (text === undefined || text === '') return DEFAULT_RESULTS;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > MAX_RESULTS)
    throw invalidParameter('MaxResults', `"${text}" must be an integer from 1 to ${MAX_RESULTS}`);
  return value;
}

/** The token is the position of the next listener, as this action answered it; anything else is rejected. */
function offsetParam(params: ActionParams, total: number): number {
  const text = params['NextToken'];
  if (text === undefined || text === '') return 0;
  const match = /^nt-(\d+)$/.exec(text);
  const offset = match ? Number(match[1]) : NaN;
  if (!(offset >= 1 && offset < total))
    throw invalidParameter(
      'NextToken',
      `"${text}" is not a token this query returned; send the NextToken of the previous answer, or none for the first page`,
    );
  return offset;
}

function describeOne(state: ControlPlaneState, lb: LoadBalancerAttributes, listener: Listener): Record<string, unknown> {
  const protocol = listener.ListenerProtocol;
  const attribute = describeListenerAttribute(protocol)(state, {
    LoadBalancerId: lb.LoadBalancerId,
    ListenerPort: String(listener.ListenerPort),
  });
  const top: Record<string, unknown> = { ListenerProtocol: protocol };
  const config = { ...attribute };
  for (const name of TOP_LEVEL) {
    top[name] = attribute[name];
    delete config[name];
  }
  return defined({ ...top, [`${apiProtocol(protocol)}ListenerConfig`]: config });
}

export function describeLoadBalancerListeners(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  const region = checkRegion(params);
  const ids = idsParam(params);
  const protocol = protocolParam(params);
  const port = portParam(params, 'ListenerPort', false);
  const description = params['Description'];
  const maxResults = maxResultsParam(params);
  const matches = instances(state)
    .filter(({ lb }) => (region === undefined || lb.RegionId === region) && (ids === undefined || ids.has(lb.LoadBalancerId)))
    .flatMap(({ lb, listeners }) =>
      listeners
        // The simulator keeps no listener descriptions, so a Description filter matches none.
        .filter(
          (l) =>
            (protocol === undefined || l.ListenerProtocol === protocol) && (port === undefined || l.ListenerPort === port) && !description,
        )
        .map((listener) => ({ lb, listener })),
    );
  const offset = offsetParam(params, matches.length);
  const page = matches.slice(offset, offset + maxResults);
  const next = offset + page.length;
  return {
    Listeners: page.map(({ lb, listener }) => describeOne(state, lb, listener)),
    TotalCount: matches.length,
    MaxResults: maxResults,
    ...(next < matches.length ? { NextToken: `nt-${next}` } : {}),
  };
}
