import { describe, expect, it } from 'vitest';
import { parseLenientJson } from './actions/json-list';
import { baseScenario, call, json, LB_ID, ok, type OneLbInput, plane, type Refusal, refused } from './api-test-helpers';
import type { CommittedChange } from './state';

const LB = { LoadBalancerId: LB_ID };
const server = (fields: Record<string, unknown>) => ({ ServerId: 'i-aa', Port: 80, Weight: 100, ...fields });

/** rsp-web holds i-aa on `count` ports (1…count). */
function bigGroup(count: number): OneLbInput {
  const base = baseScenario();
  return {
    ...base,
    vServerGroups: [
      { VServerGroupId: 'rsp-web', VServerGroupName: 'web', BackendServers: Array.from({ length: count }, (_, i) => ({ ServerId: 'i-aa', Port: i + 1, Weight: 100 })) },
      ...base.vServerGroups!.slice(1),
    ],
  };
}

describe('the JSON list parser', () => {
  it('reads JSON and the single-quoted JSON of the API examples', () => {
    expect(parseLenientJson(`[{'ServerId':'vm-233','Port':'80','Weight':'100'}, {"a": [1, -2.5e3, true, false, null, "x\\"y\\u0041"]}]`)).toEqual([
      { ServerId: 'vm-233', Port: '80', Weight: '100' },
      { a: [1, -2500, true, false, null, 'x"yA'] },
    ]);
  });

  it.each([
    ['[1,]', 'unexpected input'],
    ['[1 2]', 'expected "," or "]"'],
    ["{'a' 1}", 'expected ":"'],
    ['{a: 1}', 'quoted field name'],
    ["['abc", 'unterminated string'],
    ['["\\q"]', 'bad escape'],
    ['[1] x', 'after the value'],
    ['[01]', 'expected "," or "]"'],
    ['01', 'after the value'],
    ['['.repeat(30), 'nesting too deep'],
  ])('rejects %s (%s), naming the position', (text, why) => {
    expect(() => parseLenientJson(text)).toThrow(why);
    expect(() => parseLenientJson(text)).toThrow(/at character \d+/);
  });

  it('keeps a "__proto__" key as data, not as the prototype', () => {
    const value = parseLenientJson('{"__proto__": {"polluted": 1}}') as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('CreateVServerGroup', () => {
  it('creates a group with its servers; DescribeVServerGroupAttribute and DescribeVServerGroups show it', () => {
    const state = plane();
    const created = ok(state, 'CreateVServerGroup', {
      ...LB,
      RegionId: 'cn-hangzhou',
      VServerGroupName: 'images',
      // Strings and numbers alike, single quotes, and a duplicate (ServerId and Port) that is dropped.
      BackendServers: "[{'ServerId':'i-aa','Port':'80','Weight':'30'},{'ServerId':'i-aa','Port':81},{'ServerId':'i-bb','Port':80,'Type':'ecs','Description':'img-1'},{'ServerId':'i-aa','Port':'80','Weight':'99'}]",
    });
    expect(created).toMatchObject({
      VServerGroupId: 'rsp-sim0001',
      BackendServers: {
        BackendServer: [
          { ServerId: 'i-aa', Port: 80, Weight: 30, Type: 'ecs' },
          { ServerId: 'i-aa', Port: 81, Weight: 100, Type: 'ecs' },
          { ServerId: 'i-bb', Port: 80, Weight: 100, Type: 'ecs' },
        ],
      },
    });
    expect(ok(state, 'DescribeVServerGroupAttribute', { VServerGroupId: 'rsp-sim0001' })).toMatchObject({
      VServerGroupName: 'images',
      LoadBalancerId: LB_ID,
      BackendServers: { BackendServer: [{ ServerId: 'i-aa', Port: 80, Weight: 30, ServerIp: '10.0.0.1' }, { Port: 81 }, { ServerId: 'i-bb' }] },
    });
    expect(ok(state, 'DescribeVServerGroups', LB)['VServerGroups']).toMatchObject({
      VServerGroup: [{ VServerGroupId: 'rsp-web' }, { VServerGroupId: 'rsp-api' }, { VServerGroupId: 'rsp-sim0001', ServerCount: 3 }],
    });
    // The new group can take rules at once.
    ok(state, 'CreateRules', { ...LB, ListenerPort: '80', RuleList: json([{ RuleName: 'img', Url: '/img', VServerGroupId: 'rsp-sim0001' }]) });
  });

  it('creates an empty group, and numbers groups on from the highest id', () => {
    const state = plane();
    expect(ok(state, 'CreateVServerGroup', LB)).toEqual({ RequestId: expect.any(String), VServerGroupId: 'rsp-sim0001', BackendServers: { BackendServer: [] } });
    expect(ok(state, 'CreateVServerGroup', { ...LB, VServerGroupName: 'two' })['VServerGroupId']).toBe('rsp-sim0002');
    expect(state.scenario.vServerGroups.map((g) => g.VServerGroupName)).toEqual(['web', 'api', '', 'two']);
  });

  const cases: [string, Record<string, string | undefined>, Refusal][] = [
    ['no LoadBalancerId', { BackendServers: json([server({})]) }, { status: 400, code: 'MissingParameter', mentions: ['LoadBalancerId'] }],
    ['an unknown instance', { LoadBalancerId: 'lb-nope' }, { status: 404, code: 'InvalidLoadBalancerId.NotFound', mentions: ['lb-nope'] }],
    ['a name of 81 characters', { ...LB, VServerGroupName: 'n'.repeat(81) }, { status: 400, code: 'InvalidParameter', mentions: ['VServerGroupName', '80'] }],
    ['a name with a newline', { ...LB, VServerGroupName: 'a\nb' }, { status: 400, code: 'InvalidParameter', mentions: ['VServerGroupName'] }],
    ['BackendServers not JSON', { ...LB, BackendServers: 'i-aa:80' }, { status: 400, code: 'BackendServersMalformed', mentions: ['BackendServers', 'not a JSON list'] }],
    ['BackendServers an object', { ...LB, BackendServers: json(server({})) }, { status: 400, code: 'BackendServersMalformed', mentions: ['JSON list'] }],
    ['BackendServers empty', { ...LB, BackendServers: '[]' }, { status: 400, code: 'BackendServersMalformed', mentions: ['empty'] }],
    ['an entry not an object', { ...LB, BackendServers: '["i-aa"]' }, { status: 400, code: 'BackendServersMalformed', mentions: ['entry 1'] }],
    ['an unknown field', { ...LB, BackendServers: json([server({ weight: 5 })]) }, { status: 400, code: 'BackendServersMalformed', mentions: ['"weight"'] }],
    ['21 servers', { ...LB, BackendServers: json(Array.from({ length: 21 }, (_, i) => server({ Port: i + 1 }))) }, { status: 400, code: 'TooManyBackendServers', mentions: ['21', '20'] }],
    ['no ServerId', { ...LB, BackendServers: json([server({ ServerId: undefined })]) }, { status: 400, code: 'BackendServersMalformed', mentions: ['BackendServers[0].ServerId'] }],
    ['a ServerId that is not a string', { ...LB, BackendServers: json([server({ ServerId: ['i-aa'] })]) }, { status: 400, code: 'BackendServersMalformed', mentions: ['ServerId'] }],
    ['an unknown ServerId', { ...LB, BackendServers: json([server({ ServerId: 'i-zz' })]) }, { status: 404, code: 'InvalidServerId.NotFound', mentions: ['i-zz'] }],
    ['Weight 101', { ...LB, BackendServers: json([server({ Weight: 101 })]) }, { status: 400, code: 'InvalidWeight.Malformed', mentions: ['BackendServers[0].Weight', '101'] }],
    ['Weight -1', { ...LB, BackendServers: json([server({ Weight: '-1' })]) }, { status: 400, code: 'InvalidWeight.Malformed', mentions: ['-1'] }],
    ['Weight 1.5', { ...LB, BackendServers: json([server({ Weight: 1.5 })]) }, { status: 400, code: 'InvalidWeight.Malformed', mentions: ['1.5'] }],
    ['Weight "heavy"', { ...LB, BackendServers: json([server({ Weight: 'heavy' })]) }, { status: 400, code: 'InvalidWeight.Malformed', mentions: ['heavy'] }],
    ['no Port', { ...LB, BackendServers: json([server({ Port: undefined })]) }, { status: 400, code: 'InvalidParameter', mentions: ['BackendServers[0].Port'] }],
    ['Port 0', { ...LB, BackendServers: json([server({ Port: 0 })]) }, { status: 400, code: 'InvalidParameter', mentions: ['Port', '[1, 65535]'] }],
    ['Port 65536', { ...LB, BackendServers: json([server({ Port: '65536' })]) }, { status: 400, code: 'InvalidParameter', mentions: ['65536'] }],
    ['Type vm', { ...LB, BackendServers: json([server({ Type: 'vm' })]) }, { status: 400, code: 'InvalidParameter', mentions: ['BackendServers[0].Type', 'ecs or eni'] }],
    ['Type eni', { ...LB, BackendServers: json([server({ Type: 'eni', ServerIp: '10.0.0.1' })]) }, { status: 400, code: 'InvalidParameter', mentions: ['Type', 'ECS instances'] }],
    ['a ServerIp that is not an address', { ...LB, BackendServers: json([server({ ServerIp: '10.0.0.256' })]) }, { status: 400, code: 'InvalidParameter', mentions: ['ServerIp', 'IPv4'] }],
    ["another server's ServerIp", { ...LB, BackendServers: json([server({ ServerIp: '10.0.0.2' })]) }, { status: 400, code: 'InvalidParameter', mentions: ['ServerIp', '10.0.0.1'] }],
    ['a Description with a space', { ...LB, BackendServers: json([server({ Description: 'my server' })]) }, { status: 400, code: 'InvalidParameter', mentions: ['Description'] }],
  ];
  it.each(cases)('refuses %s, changing nothing', (_, params, refusal) => refused(plane(), 'CreateVServerGroup', params, refusal));
});

describe('replaying the committed changes', () => {
  it('rebuilds the same scenario, generated ids included', () => {
    const state = plane();
    const changes: CommittedChange[] = [];
    state.onCommit = (change) => changes.push(change);
    ok(state, 'CreateVServerGroup', { ...LB, VServerGroupName: 'a', BackendServers: json([server({ ServerId: 'i-cc' })]) });
    ok(state, 'CreateVServerGroup', { ...LB, VServerGroupName: 'b' });
    call(state, 'CreateVServerGroup', { ...LB, BackendServers: 'nonsense' });
    ok(state, 'DeleteVServerGroup', { VServerGroupId: 'rsp-sim0001' });
    ok(state, 'AddVServerGroupBackendServers', { VServerGroupId: 'rsp-sim0002', BackendServers: json([server({ Port: 81 })]) });
    ok(state, 'CreateRules', { ...LB, ListenerPort: '80', RuleList: json([{ RuleName: 'b', Url: '/b', VServerGroupId: 'rsp-sim0002' }]) });
    ok(state, 'SetBackendServers', { ...LB, BackendServers: json([{ ServerId: 'i-cc', Weight: 5 }]) });

    const replay = plane();
    for (const change of changes) ok(replay, change.action, change.params);
    expect(changes.map((c) => c.action)).toEqual(['CreateVServerGroup', 'CreateVServerGroup', 'DeleteVServerGroup', 'AddVServerGroupBackendServers', 'CreateRules', 'SetBackendServers']);
    expect(replay.scenario).toEqual(state.scenario);
    expect(replay.scenario.vServerGroups.map((g) => g.VServerGroupId)).toEqual(['rsp-web', 'rsp-api', 'rsp-sim0002']);
  });
});

describe('SetVServerGroupAttribute', () => {
  it('renames the group and sets weights of its servers', () => {
    const state = plane();
    const answer = ok(state, 'SetVServerGroupAttribute', { VServerGroupId: 'rsp-api', VServerGroupName: 'api-v2', BackendServers: json([{ ServerId: 'i-bb', Port: 9000, Weight: 0 }]) });
    expect(answer).toMatchObject({ VServerGroupId: 'rsp-api', VServerGroupName: 'api-v2', BackendServers: { BackendServer: [{ ServerId: 'i-bb', Port: 9000, Weight: 0 }] } });
    expect(state.scenario.vServerGroups[1]).toEqual({ VServerGroupId: 'rsp-api', VServerGroupName: 'api-v2', BackendServers: [{ ServerId: 'i-bb', Port: 9000, Weight: 0 }], LoadBalancerId: LB_ID });
  });

  it('commits nothing when nothing changes', () => {
    const state = plane();
    const before = state.scenario;
    ok(state, 'SetVServerGroupAttribute', { VServerGroupId: 'rsp-api', VServerGroupName: 'api' });
    expect(state.scenario).toBe(before);
  });

  const cases: [string, Record<string, string | undefined>, Refusal][] = [
    ['no VServerGroupId', { VServerGroupName: 'x' }, { status: 400, code: 'MissingParameter', mentions: ['VServerGroupId'] }],
    ['an unknown group', { VServerGroupId: 'rsp-nope', VServerGroupName: 'x' }, { status: 404, code: 'InvalidParameter', mentions: ['VServerGroupId does not exist', 'rsp-nope'] }],
    ['another region', { VServerGroupId: 'rsp-api', RegionId: 'cn-beijing', VServerGroupName: 'x' }, { status: 404, code: 'InvalidParameter', mentions: ['rsp-api'] }],
    ['a server not in the group', { VServerGroupId: 'rsp-api', BackendServers: json([{ ServerId: 'i-bb', Port: 9001, Weight: 5 }]) }, { status: 400, code: 'InvalidServerId.NotFound', mentions: ['i-bb on port 9001', 'AddVServerGroupBackendServers'] }],
    ['a bad weight', { VServerGroupId: 'rsp-api', BackendServers: json([{ ServerId: 'i-bb', Port: 9000, Weight: 200 }]) }, { status: 400, code: 'InvalidWeight.Malformed', mentions: ['200'] }],
  ];
  it.each(cases)('refuses %s, changing nothing', (_, params, refusal) => refused(plane(), 'SetVServerGroupAttribute', params, refusal));
});

describe('AddVServerGroupBackendServers', () => {
  it('adds servers, the same instance on another port included, and answers the whole group', () => {
    const state = plane();
    const answer = ok(state, 'AddVServerGroupBackendServers', { VServerGroupId: 'rsp-api', BackendServers: json([{ ServerId: 'i-bb', Port: 9001 }, { ServerId: 'i-cc', Port: 9000, Weight: 10 }]) });
    expect(answer['BackendServers']).toEqual({
      BackendServer: [
        { ServerId: 'i-bb', Port: 9000, Weight: 50, Type: 'ecs' },
        { ServerId: 'i-bb', Port: 9001, Weight: 100, Type: 'ecs' },
        { ServerId: 'i-cc', Port: 9000, Weight: 10, Type: 'ecs' },
      ],
    });
  });

  it('holds at most 200 servers in a group (TooManyBackendServers)', () => {
    const state = plane(bigGroup(199));
    refused(state, 'AddVServerGroupBackendServers', { VServerGroupId: 'rsp-web', BackendServers: json([{ ServerId: 'i-bb', Port: 1 }, { ServerId: 'i-bb', Port: 2 }]) }, { status: 400, code: 'TooManyBackendServers', mentions: ['201', '200'] });
    ok(state, 'AddVServerGroupBackendServers', { VServerGroupId: 'rsp-web', BackendServers: json([{ ServerId: 'i-bb', Port: 1 }]) });
    expect(state.scenario.vServerGroups[0]!.BackendServers).toHaveLength(200);
  });

  const cases: [string, Record<string, string | undefined>, Refusal][] = [
    ['no BackendServers', { VServerGroupId: 'rsp-api' }, { status: 400, code: 'MissingParameter', mentions: ['BackendServers'] }],
    ['a server already in the group', { VServerGroupId: 'rsp-api', BackendServers: json([{ ServerId: 'i-bb', Port: 9000 }]) }, { status: 400, code: 'InvalidParameter', mentions: ['i-bb on port 9000', 'already in rsp-api'] }],
    ['an unknown group', { VServerGroupId: 'rsp-nope', BackendServers: json([{ ServerId: 'i-bb', Port: 1 }]) }, { status: 404, code: 'InvalidParameter', mentions: ['rsp-nope'] }],
    ['an unknown server', { VServerGroupId: 'rsp-api', BackendServers: json([{ ServerId: 'i-zz', Port: 1 }]) }, { status: 404, code: 'InvalidServerId.NotFound', mentions: ['i-zz'] }],
  ];
  it.each(cases)('refuses %s, changing nothing', (_, params, refusal) => refused(plane(), 'AddVServerGroupBackendServers', params, refusal));
});

describe('RemoveVServerGroupBackendServers', () => {
  it('removes servers by ServerId and Port and answers those left', () => {
    const state = plane(bigGroup(3));
    const answer = ok(state, 'RemoveVServerGroupBackendServers', { VServerGroupId: 'rsp-web', BackendServers: json([{ ServerId: 'i-aa', Port: 2 }]) });
    expect(answer['BackendServers']).toEqual({ BackendServer: [expect.objectContaining({ Port: 1 }), expect.objectContaining({ Port: 3 })] });
  });

  const cases: [string, Record<string, string | undefined>, Refusal][] = [
    ['a server not in the group', { VServerGroupId: 'rsp-web', BackendServers: json([{ ServerId: 'i-aa', Port: 9 }]) }, { status: 400, code: 'InvalidServerId.NotFound', mentions: ['i-aa on port 9'] }],
    ['no Port', { VServerGroupId: 'rsp-web', BackendServers: json([{ ServerId: 'i-aa' }]) }, { status: 400, code: 'InvalidParameter', mentions: ['Port'] }],
    ['no BackendServers', { VServerGroupId: 'rsp-web' }, { status: 400, code: 'MissingParameter', mentions: ['BackendServers'] }],
  ];
  it.each(cases)('refuses %s, changing nothing', (_, params, refusal) => refused(plane(bigGroup(3)), 'RemoveVServerGroupBackendServers', params, refusal));
});

describe('ModifyVServerGroupBackendServers', () => {
  it('replaces old servers by new ones', () => {
    const state = plane(bigGroup(2));
    const answer = ok(state, 'ModifyVServerGroupBackendServers', {
      VServerGroupId: 'rsp-web',
      OldBackendServers: json([{ ServerId: 'i-aa', Port: 1 }]),
      NewBackendServers: json([{ ServerId: 'i-cc', Port: 1, Weight: 7 }, { ServerId: 'i-aa', Port: 1, Weight: 3 }]),
    });
    expect(answer['BackendServers']).toEqual({
      BackendServer: [
        { ServerId: 'i-aa', Port: 2, Weight: 100, Type: 'ecs' },
        { ServerId: 'i-cc', Port: 1, Weight: 7, Type: 'ecs' },
        { ServerId: 'i-aa', Port: 1, Weight: 3, Type: 'ecs' },
      ],
    });
  });

  const old = json([{ ServerId: 'i-aa', Port: 1 }]);
  const cases: [string, Record<string, string | undefined>, Refusal][] = [
    ['no OldBackendServers', { VServerGroupId: 'rsp-web', NewBackendServers: old }, { status: 400, code: 'MissingParameter', mentions: ['OldBackendServers'] }],
    ['no NewBackendServers', { VServerGroupId: 'rsp-web', OldBackendServers: old }, { status: 400, code: 'MissingParameter', mentions: ['NewBackendServers'] }],
    ['an old server not in the group', { VServerGroupId: 'rsp-web', OldBackendServers: json([{ ServerId: 'i-bb', Port: 1 }]), NewBackendServers: old }, { status: 400, code: 'InvalidServerId.NotFound', mentions: ['i-bb on port 1', 'OldBackendServers'] }],
    ['a new server that stays in the group', { VServerGroupId: 'rsp-web', OldBackendServers: old, NewBackendServers: json([{ ServerId: 'i-aa', Port: 2 }]) }, { status: 400, code: 'InvalidParameter', mentions: ['NewBackendServers', 'i-aa on port 2'] }],
    ['malformed new servers', { VServerGroupId: 'rsp-web', OldBackendServers: old, NewBackendServers: '[{' }, { status: 400, code: 'BackendServersMalformed', mentions: ['NewBackendServers'] }],
    ['a new ENI', { VServerGroupId: 'rsp-web', OldBackendServers: old, NewBackendServers: json([{ ServerId: 'i-bb', Port: 5, Type: 'eni', ServerIp: '10.0.0.2' }]) }, { status: 400, code: 'InvalidParameter', mentions: ['NewBackendServers[0].Type'] }],
  ];
  it.each(cases)('refuses %s, changing nothing', (_, params, refusal) => refused(plane(bigGroup(2)), 'ModifyVServerGroupBackendServers', params, refusal));
});

describe('DeleteVServerGroup', () => {
  it('deletes a group no listener or rule uses', () => {
    const state = plane();
    ok(state, 'DeleteVServerGroup', { VServerGroupId: 'rsp-api' });
    expect(state.scenario.vServerGroups.map((g) => g.VServerGroupId)).toEqual(['rsp-web']);
    expect(ok(state, 'DescribeVServerGroups', LB)['VServerGroups']).toEqual({ VServerGroup: [expect.objectContaining({ VServerGroupId: 'rsp-web' })] });
    refused(state, 'AddVServerGroupBackendServers', { VServerGroupId: 'rsp-api', BackendServers: json([{ ServerId: 'i-bb', Port: 1 }]) }, { status: 404, code: 'InvalidParameter', mentions: ['rsp-api'] });
  });

  it('refuses while a listener uses the group (RspoolVipExist) or a rule does (RspoolRuleExist)', () => {
    const state = plane();
    refused(state, 'DeleteVServerGroup', { VServerGroupId: 'rsp-web' }, { status: 400, code: 'RspoolVipExist', mentions: ['port 80', 'rsp-web'] });
    ok(state, 'CreateRules', { LoadBalancerId: LB_ID, ListenerPort: '443', RuleList: json([{ RuleName: 'a', Url: '/a', VServerGroupId: 'rsp-api' }]) });
    refused(state, 'DeleteVServerGroup', { VServerGroupId: 'rsp-api' }, { status: 400, code: 'RspoolRuleExist', mentions: ['rule-sim0001', 'port 443'] });
    ok(state, 'DeleteRules', { RuleIds: json(['rule-sim0001']) });
    ok(state, 'DeleteVServerGroup', { VServerGroupId: 'rsp-api' });
  });

  it('refuses unknown and missing ids', () => {
    refused(plane(), 'DeleteVServerGroup', { VServerGroupId: 'rsp-nope' }, { status: 404, code: 'InvalidParameter', mentions: ['rsp-nope'] });
    refused(plane(), 'DeleteVServerGroup', {}, { status: 400, code: 'MissingParameter', mentions: ['VServerGroupId'] });
  });
});
