import { describeHealthStatus } from './actions/describe-health-status';
import { describeListenerAttribute } from './actions/describe-listener-attribute';
import { describeLoadBalancerAttribute } from './actions/describe-load-balancer-attribute';
import { describeLoadBalancers } from './actions/describe-load-balancers';
import { describeVServerGroupAttribute, describeVServerGroups } from './actions/describe-vserver-groups';
import { ApiError, missingParameter } from './errors';
import { nextRequestId, type ControlPlaneState } from './state';

export type ActionParams = Readonly<Record<string, string | undefined>>;
type Action = (state: ControlPlaneState, params: ActionParams) => Record<string, unknown>;

/** Every action the simulator serves, by the API's own action name. */
const ACTIONS: Readonly<Record<string, Action>> = {
  DescribeLoadBalancers: describeLoadBalancers,
  DescribeLoadBalancerAttribute: describeLoadBalancerAttribute,
  DescribeLoadBalancerTCPListenerAttribute: describeListenerAttribute('tcp'),
  DescribeLoadBalancerUDPListenerAttribute: describeListenerAttribute('udp'),
  DescribeLoadBalancerHTTPListenerAttribute: describeListenerAttribute('http'),
  DescribeLoadBalancerHTTPSListenerAttribute: describeListenerAttribute('https'),
  DescribeHealthStatus: describeHealthStatus,
  DescribeVServerGroups: describeVServerGroups,
  DescribeVServerGroupAttribute: describeVServerGroupAttribute,
};

export const API_VERSION = '2014-05-15';

export interface ApiResponse {
  status: number;
  body: Record<string, unknown>;
}

/**
 * Serves one RPC-style request (query or form parameters, as the real endpoint takes them).
 * Transport adapters (MSW in the browser, Node http on loopback, tests) all call this.
 */
export function handleRpc(state: ControlPlaneState, params: ActionParams): ApiResponse {
  const requestId = nextRequestId(state);
  try {
    const actionName = params['Action'];
    if (!actionName) throw missingParameter('Action');
    if (params['Version'] !== undefined && params['Version'] !== API_VERSION) {
      throw new ApiError(400, 'InvalidVersion', `Specified parameter Version "${params['Version']}" is not valid; use ${API_VERSION}.`);
    }
    const action = ACTIONS[actionName];
    if (!action)
      throw new ApiError(
        400,
        'InvalidAction.NotFound',
        `Specified api "${actionName}" is not found; the simulator serves ${Object.keys(ACTIONS).join(', ')}.`,
      );
    return { status: 200, body: { RequestId: requestId, ...action(state, params) } };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return errorBody(requestId, error);
  }
}

/** An error answered before any action runs (a transport's own check, such as the signature). */
export function errorResponse(state: ControlPlaneState, error: ApiError): ApiResponse {
  return errorBody(nextRequestId(state), error);
}

function errorBody(requestId: string, error: ApiError): ApiResponse {
  return {
    status: error.status,
    body: { RequestId: requestId, HostId: 'slb.simulator.local', Code: error.code, Message: error.message, Recommend: '' },
  };
}
