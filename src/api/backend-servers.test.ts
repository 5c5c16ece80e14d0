import { describe, expect, it } from 'vitest';
import { baseScenario, instances, json, LB_ID, ok, plane, refused, type Refusal } from './api-test-helpers';
import type { CommittedChange } from './state';
import { createScenarioRouter } from '../engine/tengine/scenario-router';
import { defaultGroupWeights, NOT_ATTACHED } from '../scenario/attachments';

const LB = { LoadBalancerId: LB_ID };

/** i-aa attached (weight 100), i-bb attached (weight 50), i-cc and i-dd only instances of the region. */
const partly = () =>
  plane(
    baseScenario(
      instances(
        [
          { ServerId: 'i-aa', PrivateIp: '10.0.0.1' },
          { ServerId: 'i-bb', PrivateIp: '10.0.0.2', Weight: 50 },
          { ServerId: 'i-cc', PrivateIp: '10.0.0.3' },
          { ServerId: 'i-dd', PrivateIp: '10.0.0.4' },
        ],
        ['i-aa', 'i-bb'],
      ),
    ),
  );

/** `count` instances i-s0…, the first `attachedCount` attached. */
const many = (count: number, attachedCount: number) => {
  const all = Array.from({ length: count }, (_, i) => ({ ServerId: `i-s${i}`, PrivateIp: `10.1.${Math.floor(i / 250)}.${(i % 250) + 1}` }));
  return plane(baseScenario({ ...instances(all, all.slice(0, attachedCount).map((s) => s.ServerId)), vServerGroups: [], listeners: [] }));
};

describe('AddBackendServers', () => {
  it('attaches instances and answers the whole default server group; DescribeLoadBalancerAttribute agrees', () => {
    const state = partly();
    const answer = ok(state, 'AddBackendServers', {
      ...LB,
      RegionId: 'cn-hangzhou',
      BackendServers: json([{ ServerId: 'i-cc', Weight: '30', Description: 'web-3' }, { ServerId: 'i-dd', Type: 'eni', ServerIp: '10.0.0.4' }]),
    });
    expect(answer).toMatchObject({
      LoadBalancerId: LB_ID,
      BackendServers: {
        BackendServer: [
          { ServerId: 'i-aa', Weight: 100, Type: 'ecs', ServerIp: '10.0.0.1' },
          { ServerId: 'i-bb', Weight: 50, Type: 'ecs' },
          { ServerId: 'i-cc', Weight: 30, Type: 'ecs', ServerIp: '10.0.0.3', Description: 'web-3' },
          { ServerId: 'i-dd', Weight: 100, Type: 'eni', ServerIp: '10.0.0.4' },
        ],
      },
    });
    expect(state.scenario.backendServers).toEqual([
      { ServerId: 'i-aa', Weight: 100, Type: 'ecs', LoadBalancerId: LB_ID },
      { ServerId: 'i-bb', Weight: 50, Type: 'ecs', LoadBalancerId: LB_ID },
      { ServerId: 'i-cc', Weight: 30, Type: 'ecs', Description: 'web-3', LoadBalancerId: LB_ID },
      { ServerId: 'i-dd', Weight: 100, Type: 'eni', LoadBalancerId: LB_ID },
    ]);
    expect(ok(state, 'DescribeLoadBalancerAttribute', LB)['BackendServers']).toMatchObject({
      BackendServer: [{ ServerId: 'i-aa' }, { ServerId: 'i-bb' }, { ServerId: 'i-cc', Weight: 30 }, { ServerId: 'i-dd' }],
    });
  });

  it('keeps only the first entry of a server within one request', () => {
    const state = partly();
    ok(state, 'AddBackendServers', { ...LB, BackendServers: "[{'ServerId':'i-cc','Weight':'10'},{'ServerId':'i-cc','Weight':'90'}]" });
    expect(state.scenario.backendServers.filter((s) => s.ServerId === 'i-cc')).toEqual([{ ServerId: 'i-cc', Weight: 10, Type: 'ecs', LoadBalancerId: LB_ID }]);
  });

  it('reports the change to the journal with the parameters as sent', () => {
    const state = partly();
    const changes: CommittedChange[] = [];
    state.onCommit = (change) => changes.push(change);
    ok(state, 'AddBackendServers', { ...LB, BackendServers: json([{ ServerId: 'i-cc' }]) });
    call401(state);
    expect(changes).toEqual([{ action: 'AddBackendServers', params: { ...LB, BackendServers: json([{ ServerId: 'i-cc' }]) }, scenario: state.scenario }]);
  });

  it('holds at most 200 servers per instance (TooManyBackendServers)', () => {
    const state = many(202, 199);
    refused(state, 'AddBackendServers', { ...LB, BackendServers: json([{ ServerId: 'i-s199' }, { ServerId: 'i-s200' }]) }, { status: 400, code: 'TooManyBackendServers', mentions: ['199', '200'] });
    ok(state, 'AddBackendServers', { ...LB, BackendServers: json([{ ServerId: 'i-s199' }]) });
    expect(state.scenario.backendServers).toHaveLength(200);
    refused(state, 'AddBackendServers', { ...LB, BackendServers: json([{ ServerId: 'i-s200' }]) }, { status: 400, code: 'TooManyBackendServers', mentions: ['200'] });
  });

  const cases: [string, Record<string, string | undefined>, Refusal][] = [
    ['no LoadBalancerId', { BackendServers: json([{ ServerId: 'i-cc' }]) }, { status: 400, code: 'MissingParameter', mentions: ['LoadBalancerId'] }],
    ['an unknown instance', { LoadBalancerId: 'lb-nope', BackendServers: json([{ ServerId: 'i-cc' }]) }, { status: 404, code: 'InvalidLoadBalancerId.NotFound', mentions: ['lb-nope'] }],
    ['another region', { ...LB, RegionId: 'eu-central-1', BackendServers: json([{ ServerId: 'i-cc' }]) }, { status: 404, code: 'InvalidLoadBalancerId.NotFound', mentions: [LB_ID] }],
    ['no BackendServers', { ...LB }, { status: 400, code: 'MissingParameter', mentions: ['BackendServers'] }],
    ['BackendServers not JSON', { ...LB, BackendServers: 'i-cc' }, { status: 400, code: 'BackendServersMalformed', mentions: ['BackendServers', 'not a JSON list'] }],
    ['BackendServers a string', { ...LB, BackendServers: '"i-cc"' }, { status: 400, code: 'BackendServersMalformed', mentions: ['JSON list'] }],
    ['BackendServers empty', { ...LB, BackendServers: '[]' }, { status: 400, code: 'BackendServersMalformed', mentions: ['empty'] }],
    ['a plain id', { ...LB, BackendServers: '["i-cc"]' }, { status: 400, code: 'BackendServersMalformed', mentions: ['entry 1'] }],
    ['an unknown field', { ...LB, BackendServers: json([{ ServerId: 'i-cc', Wieght: 5 }]) }, { status: 400, code: 'BackendServersMalformed', mentions: ['"Wieght"'] }],
    ['21 servers', { ...LB, BackendServers: json(Array.from({ length: 21 }, () => ({ ServerId: 'i-cc' }))) }, { status: 400, code: 'TooManyBackendServers', mentions: ['21', '20'] }],
    ['no ServerId', { ...LB, BackendServers: json([{ Weight: 5 }]) }, { status: 400, code: 'BackendServersMalformed', mentions: ['BackendServers[0].ServerId'] }],
    ['a ServerId that is no instance', { ...LB, BackendServers: json([{ ServerId: 'i-zz' }]) }, { status: 404, code: 'InvalidServerId.NotFound', mentions: ['i-zz'] }],
    ['a server already attached', { ...LB, BackendServers: json([{ ServerId: 'i-cc' }, { ServerId: 'i-bb' }]) }, { status: 400, code: 'InvalidParameter', mentions: ['BackendServers', 'i-bb', 'already'] }],
    ['Weight 101', { ...LB, BackendServers: json([{ ServerId: 'i-cc', Weight: 101 }]) }, { status: 400, code: 'InvalidWeight.Malformed', mentions: ['BackendServers[0].Weight', '101'] }],
    ['Weight "-1"', { ...LB, BackendServers: json([{ ServerId: 'i-cc', Weight: '-1' }]) }, { status: 400, code: 'InvalidWeight.Malformed', mentions: ['-1'] }],
    ['Weight true', { ...LB, BackendServers: json([{ ServerId: 'i-cc', Weight: true }]) }, { status: 400, code: 'InvalidWeight.Malformed', mentions: ['true'] }],
    ['Type vpc', { ...LB, BackendServers: json([{ ServerId: 'i-cc', Type: 'vpc' }]) }, { status: 400, code: 'InvalidParameter', mentions: ['BackendServers[0].Type', 'ecs or eni'] }],
    ['Type eni without ServerIp', { ...LB, BackendServers: json([{ ServerId: 'i-cc', Type: 'eni' }]) }, { status: 400, code: 'InvalidParameter', mentions: ['BackendServers[0].ServerIp', 'eni'] }],
    ["Type eni with another instance's address", { ...LB, BackendServers: json([{ ServerId: 'i-cc', Type: 'eni', ServerIp: '10.0.0.4' }]) }, { status: 400, code: 'InvalidParameter', mentions: ['ServerIp', '10.0.0.3'] }],
    ['Port 0', { ...LB, BackendServers: json([{ ServerId: 'i-cc', Port: 0 }]) }, { status: 400, code: 'InvalidParameter', mentions: ['Port', '[1, 65535]'] }],
    ['a Description of 81 characters', { ...LB, BackendServers: json([{ ServerId: 'i-cc', Description: 'd'.repeat(81) }]) }, { status: 400, code: 'InvalidParameter', mentions: ['Description', '1 to 80'] }],
  ];
  it.each(cases)('refuses %s, changing nothing', (_, params, refusal) => refused(partly(), 'AddBackendServers', params, refusal));
});

/** A refused call in the middle of a journal test: it must not be reported. */
function call401(state: ReturnType<typeof partly>): void {
  refused(state, 'AddBackendServers', { ...LB, BackendServers: json([{ ServerId: 'i-cc' }]) }, { status: 400, code: 'InvalidParameter', mentions: ['already'] });
}

describe('the default server group as the engine reads it', () => {
  it('follows Add/Set/RemoveBackendServers: attached instances get their weights, the rest are out of rotation', () => {
    const state = partly();
    expect([...defaultGroupWeights(state.scenario)]).toEqual([100, 50, NOT_ATTACHED, NOT_ATTACHED]);
    ok(state, 'AddBackendServers', { ...LB, BackendServers: json([{ ServerId: 'i-dd', Weight: 7 }]) });
    ok(state, 'SetBackendServers', { ...LB, BackendServers: json([{ ServerId: 'i-aa', Weight: 0 }]) });
    ok(state, 'RemoveBackendServers', { ...LB, BackendServers: '["i-bb"]' });
    expect([...defaultGroupWeights(state.scenario)]).toEqual([0, NOT_ATTACHED, NOT_ATTACHED, 7]);
    // The HTTPS listener has no VServer group: its requests go to the default server group.
    const route = () => createScenarioRouter(state.scenario)({ host: 'www.example.com', path: '/', port: 443 });
    expect(route()).toMatchObject({ vServerGroupId: null, serverId: 'i-dd', status: 200 });
    ok(state, 'SetBackendServers', { ...LB, BackendServers: json([{ ServerId: 'i-dd', Weight: 0 }]) });
    expect(route()).toMatchObject({ serverId: null, status: 503 });
  });
});

describe('SetBackendServers', () => {
  it('sets weights, types and descriptions of attached servers', () => {
    const state = partly();
    const answer = ok(state, 'SetBackendServers', { ...LB, BackendServers: json([{ ServerId: 'i-bb', Weight: 0, Description: 'drain' }, { ServerId: 'i-aa', Type: 'eni', ServerIp: '10.0.0.1' }]) });
    expect(answer['BackendServers']).toEqual({
      BackendServer: [
        { ServerId: 'i-aa', Weight: 100, Type: 'eni', ServerIp: '10.0.0.1' },
        { ServerId: 'i-bb', Weight: 0, Type: 'ecs', ServerIp: '10.0.0.2', Description: 'drain' },
      ],
    });
  });

  it('commits nothing when nothing changes', () => {
    const state = partly();
    const before = state.scenario;
    ok(state, 'SetBackendServers', { ...LB, BackendServers: json([{ ServerId: 'i-bb' }]) });
    expect(state.scenario).toBe(before);
  });

  const cases: [string, Record<string, string | undefined>, Refusal][] = [
    ['a server not attached', { ...LB, BackendServers: json([{ ServerId: 'i-cc', Weight: 5 }]) }, { status: 400, code: 'InvalidServerId.NotFound', mentions: ['i-cc', 'AddBackendServers'] }],
    ['no such instance', { ...LB, BackendServers: json([{ ServerId: 'i-zz', Weight: 5 }]) }, { status: 404, code: 'InvalidServerId.NotFound', mentions: ['i-zz'] }],
    ['a bad weight', { ...LB, BackendServers: json([{ ServerId: 'i-aa', Weight: 'x' }]) }, { status: 400, code: 'InvalidWeight.Malformed', mentions: ['Weight'] }],
    ['malformed JSON', { ...LB, BackendServers: "[{'ServerId':'i-aa'" }, { status: 400, code: 'BackendServersMalformed', mentions: ['BackendServers'] }],
  ];
  it.each(cases)('refuses %s, changing nothing', (_, params, refusal) => refused(partly(), 'SetBackendServers', params, refusal));
});

describe('RemoveBackendServers', () => {
  it('detaches servers given as objects or as plain ids, and answers those left', () => {
    const state = partly();
    ok(state, 'AddBackendServers', { ...LB, BackendServers: json([{ ServerId: 'i-cc' }]) });
    expect(ok(state, 'RemoveBackendServers', { ...LB, BackendServers: json([{ ServerId: 'i-aa', Weight: 100 }]) })['BackendServers']).toEqual({
      BackendServer: [expect.objectContaining({ ServerId: 'i-bb' }), expect.objectContaining({ ServerId: 'i-cc' })],
    });
    expect(ok(state, 'RemoveBackendServers', { ...LB, BackendServers: '["i-bb","i-bb"]' })['BackendServers']).toEqual({ BackendServer: [expect.objectContaining({ ServerId: 'i-cc' })] });
    // The instances themselves stay: they can be attached again.
    expect(state.scenario.ecsInstances.map((i) => i.ServerId)).toEqual(['i-aa', 'i-bb', 'i-cc', 'i-dd']);
    ok(state, 'AddBackendServers', { ...LB, BackendServers: json([{ ServerId: 'i-aa' }]) });
  });

  const cases: [string, Record<string, string | undefined>, Refusal][] = [
    ['a server not attached', { ...LB, BackendServers: '["i-aa","i-cc"]' }, { status: 400, code: 'InvalidServerId.NotFound', mentions: ['i-cc'] }],
    ['no such instance', { ...LB, BackendServers: '["i-zz"]' }, { status: 404, code: 'InvalidServerId.NotFound', mentions: ['i-zz'] }],
    ['an entry that is neither an id nor an object', { ...LB, BackendServers: '[5]' }, { status: 400, code: 'BackendServersMalformed', mentions: ['entry 1'] }],
    ['an unknown field', { ...LB, BackendServers: json([{ Id: 'i-aa' }]) }, { status: 400, code: 'BackendServersMalformed', mentions: ['"Id"'] }],
    ['no BackendServers', { ...LB }, { status: 400, code: 'MissingParameter', mentions: ['BackendServers'] }],
  ];
  it.each(cases)('refuses %s, changing nothing', (_, params, refusal) => refused(partly(), 'RemoveBackendServers', params, refusal));
});
