import { describe, expect, it } from 'vitest';
import { describeRollback, populationParams, recreateListenerPlan, runPlan, type Caller, type PlannedRequest } from './requests';
import type { SlbFailure, SlbParams, SlbResult } from './slb-client';
import { fieldOfError, initialWizardState, wizardPlan, type WizardState } from './wizard-model';

const LB = 'lb-bp1default0001';

function failure(code: string, message: string, parameter?: string, status = 400): SlbFailure {
  return { ok: false, status, code, message, requestId: 'R-1', kind: status === 404 ? 'notFound' : 'invalid', parameter };
}
const success: SlbResult = { ok: true, status: 200, requestId: 'R-0', body: {} };

function wizard(patch: Partial<WizardState>): WizardState {
  return { ...initialWizardState(), ListenerPort: '8080', ...patch };
}

describe('wizardPlan', () => {
  it('creates, adds backends, sets traffic and starts, in that order, with the values as typed', () => {
    const plan = wizardPlan(
      wizard({
        newServers: [
          { ServerId: 'i-new1', Weight: '100' },
          { ServerId: ' i-new2 ', Weight: '50' },
        ],
        ConnectionsPerSecond: '80',
        HealthCheckInterval: '99',
      }),
      LB,
    );
    expect(plan.map((r) => r.action)).toEqual([
      'CreateLoadBalancerTCPListener',
      'AddBackendServers',
      'SimSetClientPopulation',
      'StartLoadBalancerListener',
    ]);
    expect(plan[0]!.params).toEqual({
      LoadBalancerId: LB,
      ListenerPort: '8080',
      BackendServerPort: '80',
      Bandwidth: '-1',
      Scheduler: 'wrr',
      PersistenceTimeout: '0',
      HealthCheckSwitch: 'on',
      HealthCheckInterval: '99',
      HealthyThreshold: '3',
      UnhealthyThreshold: '3',
      HealthCheckConnectTimeout: '5',
    });
    expect(Object.keys(plan[0]!.params).slice(0, 2)).toEqual(['LoadBalancerId', 'ListenerPort']);
    expect(plan[1]!.params['BackendServers']).toBe('[{"ServerId":"i-new1","Weight":"100"},{"ServerId":"i-new2","Weight":"50"}]');
    expect(plan[2]!.params).toMatchObject({
      LoadBalancerId: LB,
      ListenerPort: '8080',
      ConnectionsPerSecond: '80',
      ArrivalType: 'poisson',
      ClientIps: '1000',
    });
    expect(plan[0]!.undo).toEqual({ action: 'DeleteLoadBalancerListener', params: { LoadBalancerId: LB, ListenerPort: '8080' } });
    expect(plan[1]!.undo?.action).toBe('RemoveBackendServers');
  });

  it('leaves out what the user did not ask for, and empty fields (the API default applies)', () => {
    const plan = wizardPlan(wizard({ traffic: false, startNow: false, Bandwidth: '  ' }), LB);
    expect(plan.map((r) => r.action)).toEqual(['CreateLoadBalancerTCPListener']);
    expect(plan[0]!.params['Bandwidth']).toBeUndefined();
  });

  it('sends a TCP or UDP listener\'s VServer group, and no group in default mode', () => {
    for (const protocol of ['tcp', 'udp'] as const) {
      const plan = wizardPlan(wizard({ protocol, backendMode: 'vserver', VServerGroupId: 'rsp-1' }), LB)[0]!;
      expect(plan.params['VServerGroupId']).toBe('rsp-1');
    }
    expect(wizardPlan(wizard({ backendMode: 'default', VServerGroupId: 'rsp-1' }), LB)[0]!.params['VServerGroupId']).toBeUndefined();
  });

  it('sends the layer-7 fields for HTTP and the health switch only when it says something', () => {
    const http = wizardPlan(
      wizard({
        protocol: 'http',
        StickySession: 'on',
        StickySessionType: 'insert',
        CookieTimeout: '600',
        backendMode: 'vserver',
        VServerGroupId: 'rsp-1',
      }),
      LB,
    )[0]!;
    expect(http.action).toBe('CreateLoadBalancerHTTPListener');
    expect(http.params).toMatchObject({
      StickySession: 'on',
      StickySessionType: 'insert',
      CookieTimeout: '600',
      VServerGroupId: 'rsp-1',
      HealthCheck: 'on',
      HealthCheckTimeout: '5',
      HealthCheckURI: '/',
    });
    expect(http.params['PersistenceTimeout']).toBeUndefined();
    // TCP/UDP actions name the switch HealthCheckSwitch.
    const tcpOff = wizardPlan(wizard({ HealthCheck: 'off' }), LB)[0]!;
    expect(tcpOff.params).toMatchObject({ HealthCheckSwitch: 'off' });
    expect(tcpOff.params['HealthCheck']).toBeUndefined();
    expect(tcpOff.params['HealthCheckInterval']).toBeUndefined();
  });
});

describe('fieldOfError', () => {
  it('takes the user to the field the message names, on its step', () => {
    const state = wizard({});
    const interval = failure(
      'InvalidParameter',
      'The specified parameter "HealthCheckInterval" is not valid: "99" must be an integer from 1 to 50',
      'HealthCheckInterval',
    );
    expect(fieldOfError(state, interval)).toMatchObject({ step: 'health', field: 'HealthCheckInterval' });
    expect(fieldOfError(state, failure('InvalidParameter', 'x', 'healthCheckInterval'))).toMatchObject({
      step: 'health',
      field: 'HealthCheckInterval',
    });
    expect(fieldOfError(state, failure('InvalidParameter', 'x', 'ConnectionsPerSecond'))).toMatchObject({
      step: 'traffic',
      field: 'ConnectionsPerSecond',
    });
    expect(fieldOfError(state, failure('InvalidParameter', 'x', 'Weight'))).toMatchObject({ step: 'backends', field: 'BackendServers' });
  });

  it('maps codes that name no parameter, and leaves the rest to the review step', () => {
    const state = wizard({});
    expect(fieldOfError(state, failure('ListenerAlreadyExists', 'The listener already exists.'))).toMatchObject({
      step: 'protocol',
      field: 'ListenerPort',
    });
    expect(fieldOfError(state, failure('InvalidServerId.NotFound', 'no such server', undefined, 404))).toMatchObject({
      step: 'backends',
      field: 'BackendServers',
    });
    expect(fieldOfError(state, failure('ServiceUnavailable', 'busy', undefined, 503))).toMatchObject({ step: 'review', field: undefined });
    // A parameter the current protocol does not show (HTTP-only on a TCP listener) is the review step's.
    expect(fieldOfError(state, failure('InvalidParameter', 'x', 'StickySession'))).toMatchObject({ step: 'review', field: undefined });
  });
});

/** A caller that records requests and answers from a script. */
function scripted(answers: SlbResult[]): { call: Caller; sent: { action: string; params: SlbParams }[] } {
  const sent: { action: string; params: SlbParams }[] = [];
  const call: Caller = (action, params) => {
    sent.push({ action, params });
    return Promise.resolve(answers.shift() ?? success);
  };
  return { call, sent };
}

describe('runPlan', () => {
  const plan: PlannedRequest[] = wizardPlan(wizard({ newServers: [{ ServerId: 'i-new1', Weight: '100' }] }), LB);

  it('sends every request when all succeed', async () => {
    const { call, sent } = scripted([]);
    const outcome = await runPlan(plan, call);
    expect(outcome.ok).toBe(true);
    expect(sent.map((s) => s.action)).toEqual(plan.map((p) => p.action));
  });

  it('changes nothing when the first request fails', async () => {
    const { call, sent } = scripted([failure('InvalidParameter', 'bad', 'HealthCheckInterval')]);
    const outcome = await runPlan(plan, call);
    expect(outcome).toMatchObject({ ok: false, failedAt: 0, rolledBack: [] });
    expect(sent).toHaveLength(1);
    if (!outcome.ok) expect(describeRollback(outcome.rolledBack)).toBe('Nothing had been changed.');
  });

  it('reverses what succeeded, newest first, when a later request fails', async () => {
    const { call, sent } = scripted([success, success, failure('InvalidParameter', 'bad rate', 'ConnectionsPerSecond')]);
    const outcome = await runPlan(plan, call);
    expect(outcome).toMatchObject({ ok: false, failedAt: 2 });
    expect(sent.map((s) => s.action)).toEqual([
      'CreateLoadBalancerTCPListener',
      'AddBackendServers',
      'SimSetClientPopulation',
      'RemoveBackendServers',
      'DeleteLoadBalancerListener',
    ]);
    expect(sent[3]!.params['BackendServers']).toBe('[{"ServerId":"i-new1","Weight":"100"}]');
    if (!outcome.ok)
      expect(describeRollback(outcome.rolledBack)).toBe(
        'Rolled back what had been done: RemoveBackendServers done; DeleteLoadBalancerListener done.',
      );
  });

  it('says so when a reversal itself fails', async () => {
    const { call } = scripted([
      success,
      failure('InvalidServerId.NotFound', 'gone', undefined, 404),
      failure('ServiceUnavailable', 'busy', undefined, 503),
    ]);
    const outcome = await runPlan(plan, call);
    if (outcome.ok) throw new Error('expected a failure');
    expect(describeRollback(outcome.rolledBack)).toBe('Rollback incomplete: DeleteLoadBalancerListener failed (ServiceUnavailable: busy).');
  });
});

describe('recreateListenerPlan', () => {
  it('re-creates a deleted listener from its described attributes, its traffic, and starts it if it ran', () => {
    const attributes = {
      LoadBalancerId: LB,
      ListenerPort: 81,
      BackendServerPort: 8080,
      Bandwidth: -1,
      Status: 'running',
      Scheduler: 'wlc',
      HealthCheck: 'on',
      HealthCheckInterval: 4,
      PersistenceTimeout: 0,
      EstablishedTimeout: 900,
    };
    const plan = recreateListenerPlan(LB, 'tcp', attributes, [
      { ListenerPort: 81, ConnectionsPerSecond: 20, ArrivalType: 'poisson', Exchanges: 2 },
    ]);
    expect(plan.map((p) => p.action)).toEqual(['CreateLoadBalancerTCPListener', 'SimSetClientPopulation', 'StartLoadBalancerListener']);
    expect(plan[0]!.params).toEqual({
      LoadBalancerId: LB,
      ListenerPort: '81',
      BackendServerPort: '8080',
      Bandwidth: '-1',
      Scheduler: 'wlc',
      HealthyThreshold: undefined,
      UnhealthyThreshold: undefined,
      HealthCheckConnectPort: undefined,
      HealthCheckInterval: '4',
      HealthCheckSwitch: 'on',
      PersistenceTimeout: '0',
      HealthCheckConnectTimeout: undefined,
      FullNatEnabled: undefined,
      EstablishedTimeout: '900',
      HealthCheckType: undefined,
      HealthCheckURI: undefined,
      HealthCheckDomain: undefined,
      HealthCheckHttpCode: undefined,
      ConnectionDrain: undefined,
      ConnectionDrainTimeout: undefined,
    });
    expect(plan[1]!.params).toMatchObject({ LoadBalancerId: LB, ListenerPort: '81', ConnectionsPerSecond: '20', Exchanges: '2' });
  });

  it('restores HTTP rules and leaves a stopped listener stopped', () => {
    const plan = recreateListenerPlan(
      LB,
      'http',
      {
        ListenerPort: 80,
        Status: 'stopped',
        Rules: { Rule: [{ RuleId: 'rule-1', RuleName: 'api', Url: '/api', VServerGroupId: 'rsp-1' }] },
      },
      [],
    );
    expect(plan.map((p) => p.action)).toEqual(['CreateLoadBalancerHTTPListener', 'CreateRules']);
    expect(plan[1]!.params['RuleList']).toBe('[{"RuleName":"api","Url":"/api","VServerGroupId":"rsp-1"}]');
  });
});

describe('populationParams', () => {
  it('sends back every described field, PopulationId first, since SimSetClientPopulation replaces a population whole', () => {
    const params = populationParams(LB, {
      ListenerPort: 80,
      PopulationId: 'web-clients',
      ArrivalType: 'poisson',
      ConnectionsPerSecond: 200,
      ThinkTimeMs: 50,
      RequestBytes: '{"type":"exponential","mean":400}',
      Nested: { x: 1 },
    });
    expect(params).toEqual({
      LoadBalancerId: LB,
      PopulationId: 'web-clients',
      ListenerPort: '80',
      ArrivalType: 'poisson',
      ConnectionsPerSecond: '200',
      ThinkTimeMs: '50',
      RequestBytes: '{"type":"exponential","mean":400}',
      Nested: undefined,
    });
  });
});
