import { ACL_ACTIONS } from './actions/acls';
import { BACKEND_SERVER_ACTIONS } from './actions/backend-servers';
import { CERTIFICATE_ACTIONS } from './actions/certificates';
import { CLOUD_MONITOR_ACTIONS, CMS_API_VERSION } from './actions/cloud-monitor';
import { describeHealthStatus } from './actions/describe-health-status';
import { describeListenerAttribute } from './actions/describe-listener-attribute';
import { describeLoadBalancerAttribute } from './actions/describe-load-balancer-attribute';
import { describeLoadBalancers } from './actions/describe-load-balancers';
import { describeVServerGroupAttribute, describeVServerGroups } from './actions/describe-vserver-groups';
import { LISTENER_ACTIONS } from './actions/listeners';
import { LOAD_BALANCER_ACTIONS } from './actions/load-balancer-writes';
import { MASTER_SLAVE_ACTIONS } from './actions/master-slave-groups';
import { RULE_ACTIONS } from './actions/rules';
import { SIM_ACTIONS } from './actions/sim-actions';
import { VSERVER_GROUP_ACTIONS } from './actions/vserver-group-writes';
import { ApiError, missingParameter } from './errors';
import { journalParams } from './journal-params';
import { nextRequestId, type ControlPlaneState } from './state';

export type ActionParams = Readonly<Record<string, string | undefined>>;
/**
 * One API action: reads `state`, or commits a new scenario through `commitScenario` (commit.ts),
 * and returns the response fields after `RequestId`. A coded failure is thrown as an ApiError.
 */
export type Action = (state: ControlPlaneState, params: ActionParams) => Record<string, unknown>;
export type ActionTable = Readonly<Record<string, Action>>;

/** Every action the simulator serves, by the API's own action name. */
const ACTIONS: ActionTable = {
  DescribeLoadBalancers: describeLoadBalancers,
  DescribeLoadBalancerAttribute: describeLoadBalancerAttribute,
  DescribeLoadBalancerTCPListenerAttribute: describeListenerAttribute('tcp'),
  DescribeLoadBalancerUDPListenerAttribute: describeListenerAttribute('udp'),
  DescribeLoadBalancerHTTPListenerAttribute: describeListenerAttribute('http'),
  DescribeLoadBalancerHTTPSListenerAttribute: describeListenerAttribute('https'),
  DescribeHealthStatus: describeHealthStatus,
  DescribeVServerGroups: describeVServerGroups,
  DescribeVServerGroupAttribute: describeVServerGroupAttribute,
  ...LOAD_BALANCER_ACTIONS,
  ...LISTENER_ACTIONS,
  ...CERTIFICATE_ACTIONS,
  ...RULE_ACTIONS,
  ...VSERVER_GROUP_ACTIONS,
  ...MASTER_SLAVE_ACTIONS,
  ...BACKEND_SERVER_ACTIONS,
  ...CLOUD_MONITOR_ACTIONS,
  ...SIM_ACTIONS,
  ...ACL_ACTIONS,
};

/** The names of every action served, in the table's order (tests check each has its validation rows). */
export const SERVED_ACTIONS: readonly string[] = Object.keys(ACTIONS);

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
    // CloudMonitor's actions (Cms 2019-01-01) share the endpoint; every other action is Slb 2014-05-15.
    const version = Object.hasOwn(CLOUD_MONITOR_ACTIONS, actionName) ? CMS_API_VERSION : API_VERSION;
    if (params['Version'] !== undefined && params['Version'] !== version) {
      throw new ApiError(400, 'InvalidVersion', `Specified parameter Version "${params['Version']}" is not valid; use ${version}.`);
    }
    // Own names only: `toString` or `constructor` is not an action.
    const action = Object.hasOwn(ACTIONS, actionName) ? ACTIONS[actionName] : undefined;
    if (!action)
      throw new ApiError(
        400,
        'InvalidAction.NotFound',
        `Specified api "${actionName}" is not found; the simulator serves ${Object.keys(ACTIONS).join(', ')}.`,
      );
    const before = state.scenario;
    const body = action(state, params);
    if (state.scenario !== before) state.onCommit?.({ action: actionName, params: journalParams(params), scenario: state.scenario });
    return { status: 200, body: { RequestId: requestId, ...body } };
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
