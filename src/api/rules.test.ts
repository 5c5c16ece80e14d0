import { describe, expect, it } from 'vitest';
import { baseScenario, call, json, LB_ID, ok, type OneLbInput, plane, type Refusal, refused } from './api-test-helpers';
import type { CommittedChange } from './state';
import { createScenarioRouter } from '../engine/tengine/scenario-router';

const LB = { LoadBalancerId: LB_ID };
const HTTP = { ...LB, ListenerPort: '80' };
const rule = (fields: Record<string, unknown>) => ({ RuleName: 'r1', Url: '/api', VServerGroupId: 'rsp-api', ...fields });

/** A scenario whose HTTP listener already holds `count` rules. */
function withRules(count: number): OneLbInput {
  const base = baseScenario();
  return {
    ...base,
    listeners: base.listeners!.map((l) =>
      l.ListenerPort === 80
        ? { ...l, Rules: Array.from({ length: count }, (_, i) => ({ RuleId: `rule-old${i}`, RuleName: `old${i}`, Url: `/old${i}`, VServerGroupId: 'rsp-api' })) }
        : l,
    ),
  };
}

describe('CreateRules', () => {
  it('adds rules to an HTTP listener, answers their ids, and DescribeRules / DescribeRuleAttribute show them', () => {
    const state = plane();
    const created = ok(state, 'CreateRules', {
      ...HTTP,
      RegionId: 'cn-hangzhou',
      RuleList: json([rule({ RuleName: 'api', Domain: 'www.example.com' }), rule({ RuleName: 'img', Url: '/img', Domain: undefined, VServerGroupId: 'rsp-web' })]),
    });
    expect(created['Rules']).toEqual({ Rule: [{ RuleId: 'rule-sim0001', RuleName: 'api' }, { RuleId: 'rule-sim0002', RuleName: 'img' }] });
    expect(ok(state, 'DescribeRules', HTTP)['Rules']).toEqual({
      Rule: [
        { RuleId: 'rule-sim0001', RuleName: 'api', Domain: 'www.example.com', Url: '/api', VServerGroupId: 'rsp-api', ListenerSync: 'on' },
        { RuleId: 'rule-sim0002', RuleName: 'img', Url: '/img', VServerGroupId: 'rsp-web', ListenerSync: 'on' },
      ],
    });
    expect(ok(state, 'DescribeRuleAttribute', { RuleId: 'rule-sim0002' })).toMatchObject({
      LoadBalancerId: LB_ID,
      ListenerPort: '80',
      RuleId: 'rule-sim0002',
      RuleName: 'img',
      Url: '/img',
      VServerGroupId: 'rsp-web',
      ListenerSync: 'on',
      Scheduler: 'wrr',
    });
    // The listener attribute, which the engine reads, holds them too.
    expect(ok(state, 'DescribeLoadBalancerHTTPListenerAttribute', HTTP)['Rules']).toMatchObject({ Rule: [{ RuleId: 'rule-sim0001' }, { RuleId: 'rule-sim0002' }] });
    // Ids keep counting from the highest one, call after call.
    const more = ok(state, 'CreateRules', { ...HTTP, RuleList: json([rule({ RuleName: 'c', Url: '/c' })]) });
    expect(more['Rules']).toEqual({ Rule: [{ RuleId: 'rule-sim0003', RuleName: 'c' }] });
  });

  it('numbers new rules on from the highest rule-simN id on any listener, so ids are never random', () => {
    const base = withRules(0);
    const state = plane({
      ...base,
      listeners: base.listeners!.map((l) => (l.ListenerPort === 443 ? { ...l, Rules: [{ RuleId: 'rule-sim0041', RuleName: 'x', Url: '/x', VServerGroupId: 'rsp-api' }] } : l)),
    });
    expect(ok(state, 'CreateRules', { ...HTTP, RuleList: json([rule({})]) })['Rules']).toEqual({ Rule: [{ RuleId: 'rule-sim0042', RuleName: 'r1' }] });
    // The same calls on the same scenario hand out the same ids (a replayed journal).
    const again = plane(withRules(0));
    expect(ok(again, 'CreateRules', { ...HTTP, RuleList: json([rule({})]) })['Rules']).toEqual({ Rule: [{ RuleId: 'rule-sim0001', RuleName: 'r1' }] });
  });

  it('works on HTTPS listeners, with ListenerProtocol naming the listener', () => {
    const state = plane();
    ok(state, 'CreateRules', { ...LB, ListenerPort: '443', ListenerProtocol: 'https', RuleList: json([rule({ Domain: '*.example.com', Url: undefined })]) });
    expect(ok(state, 'DescribeRules', { ...LB, ListenerPort: '443', ListenerProtocol: 'HTTPS' })['Rules']).toMatchObject({ Rule: [{ Domain: '*.example.com' }] });
  });

  it("takes the API's own examples, which quote with single quotes", () => {
    const state = plane();
    ok(state, 'CreateRules', { ...HTTP, RuleList: "[{'RuleName':'Rule2','Domain':'test.com','VServerGroupId':'rsp-api'}]" });
    expect(ok(state, 'DescribeRules', HTTP)['Rules']).toMatchObject({ Rule: [{ RuleName: 'Rule2', Domain: 'test.com' }] });
  });

  it('reports each commit once to the journal, and never a refused call', () => {
    const state = plane();
    const changes: CommittedChange[] = [];
    state.onCommit = (change) => changes.push(change);
    ok(state, 'CreateRules', { ...HTTP, RuleList: json([rule({})]) });
    call(state, 'CreateRules', { ...HTTP, RuleList: json([rule({})]) });
    expect(changes.map((c) => c.action)).toEqual(['CreateRules']);
    expect(changes[0]!.params).toMatchObject({ ListenerPort: '80', RuleList: json([rule({})]) });
  });

  const cases: [string, Record<string, string | undefined>, Refusal][] = [
    ['no LoadBalancerId', { ListenerPort: '80', RuleList: json([rule({})]) }, { status: 400, code: 'MissingParameter', mentions: ['LoadBalancerId'] }],
    ['an unknown instance', { LoadBalancerId: 'lb-nope', ListenerPort: '80', RuleList: json([rule({})]) }, { status: 404, code: 'InvalidLoadBalancerId.NotFound', mentions: ['lb-nope'] }],
    ['another region', { ...HTTP, RegionId: 'cn-beijing', RuleList: json([rule({})]) }, { status: 404, code: 'InvalidLoadBalancerId.NotFound', mentions: [LB_ID] }],
    ['no ListenerPort', { ...LB, RuleList: json([rule({})]) }, { status: 400, code: 'MissingParameter', mentions: ['ListenerPort'] }],
    ['ListenerPort 0', { ...LB, ListenerPort: '0', RuleList: json([rule({})]) }, { status: 400, code: 'InvalidParameter', mentions: ['ListenerPort', '1 to 65535'] }],
    ['ListenerPort 65536', { ...LB, ListenerPort: '65536', RuleList: json([rule({})]) }, { status: 400, code: 'InvalidParameter', mentions: ['ListenerPort'] }],
    ['no listener on the port', { ...LB, ListenerPort: '81', RuleList: json([rule({})]) }, { status: 404, code: 'ListenerNotFound', mentions: ['81'] }],
    ['ListenerProtocol of another listener', { ...HTTP, ListenerProtocol: 'https', RuleList: json([rule({})]) }, { status: 404, code: 'ListenerNotFound', mentions: ['is HTTP'] }],
    ['ListenerProtocol unknown', { ...HTTP, ListenerProtocol: 'ftp', RuleList: json([rule({})]) }, { status: 400, code: 'InvalidParameter', mentions: ['ListenerProtocol', 'ftp'] }],
    ['a TCP listener', { ...LB, ListenerPort: '22', RuleList: json([rule({})]) }, { status: 400, code: 'RuleNotSupport', mentions: ['TCP', '22'] }],
    ['no RuleList', { ...HTTP }, { status: 400, code: 'MissingParameter', mentions: ['RuleList'] }],
    ['an empty RuleList', { ...HTTP, RuleList: '' }, { status: 400, code: 'MissingParameter', mentions: ['RuleList'] }],
    ['RuleList not JSON', { ...HTTP, RuleList: '[{RuleName: x}]' }, { status: 400, code: 'RuleListMalformed', mentions: ['RuleList', 'not a JSON list'] }],
    ['RuleList cut short', { ...HTTP, RuleList: '[{"RuleName":"a"' }, { status: 400, code: 'RuleListMalformed', mentions: ['RuleList'] }],
    ['RuleList an object', { ...HTTP, RuleList: json(rule({})) }, { status: 400, code: 'RuleListMalformed', mentions: ['RuleList', 'JSON list'] }],
    ['RuleList empty', { ...HTTP, RuleList: '[]' }, { status: 400, code: 'RuleListMalformed', mentions: ['RuleList', 'empty'] }],
    ['an entry not an object', { ...HTTP, RuleList: '["r1"]' }, { status: 400, code: 'RuleListMalformed', mentions: ['entry 1'] }],
    ['an unknown field', { ...HTTP, RuleList: json([rule({ Path: '/x' })]) }, { status: 400, code: 'RuleListMalformed', mentions: ['"Path"'] }],
    ['a field of the wrong type', { ...HTTP, RuleList: json([rule({ RuleName: true })]) }, { status: 400, code: 'RuleListMalformed', mentions: ['RuleList[0].RuleName'] }],
    ['11 rules in one call', { ...HTTP, RuleList: json(Array.from({ length: 11 }, (_, i) => rule({ RuleName: `n${i}`, Url: `/u${i}` }))) }, { status: 400, code: 'InvalidParameter', mentions: ['RuleList', 'at most 10'] }],
    ['no RuleName', { ...HTTP, RuleList: json([rule({ RuleName: undefined })]) }, { status: 400, code: 'InvalidParameter', mentions: ['RuleList[0].RuleName'] }],
    ['RuleName of 41 characters', { ...HTTP, RuleList: json([rule({ RuleName: 'a'.repeat(41) })]) }, { status: 400, code: 'InvalidParameter', mentions: ['RuleName', '1 to 40'] }],
    ['RuleName with a space', { ...HTTP, RuleList: json([rule({ RuleName: 'my rule' })]) }, { status: 400, code: 'InvalidParameter', mentions: ['RuleName', '"_"'] }],
    ['neither Domain nor Url', { ...HTTP, RuleList: json([rule({ Url: undefined })]) }, { status: 400, code: 'InvalidParameter', mentions: ['RuleList[0].Domain', 'Domain, a Url, or both'] }],
    ['a Domain with a space', { ...HTTP, RuleList: json([rule({ Domain: 'www example.com' })]) }, { status: 400, code: 'DomainMalformed', mentions: ['RuleList[0].Domain'] }],
    ['a wildcard in the middle', { ...HTTP, RuleList: json([rule({ Domain: 'www.*.com' })]) }, { status: 400, code: 'DomainMalformed', mentions: ['Domain'] }],
    ['a Domain of 81 characters', { ...HTTP, RuleList: json([rule({ Domain: `${'a'.repeat(77)}.com` })]) }, { status: 400, code: 'DomainMalformed', mentions: ['80 characters'] }],
    ['Url only "/"', { ...HTTP, RuleList: json([rule({ Url: '/' })]) }, { status: 400, code: 'UrlMalformed', mentions: ['RuleList[0].Url', 'only "/"'] }],
    ['Url without a leading "/"', { ...HTTP, RuleList: json([rule({ Url: 'api' })]) }, { status: 400, code: 'UrlMalformed', mentions: ['start with "/"'] }],
    ['Url with a space', { ...HTTP, RuleList: json([rule({ Url: '/a b' })]) }, { status: 400, code: 'UrlMalformed', mentions: ['Url'] }],
    ['Url of 81 characters', { ...HTTP, RuleList: json([rule({ Url: `/${'a'.repeat(80)}` })]) }, { status: 400, code: 'UrlMalformed', mentions: ['Url'] }],
    ['no VServerGroupId', { ...HTTP, RuleList: json([rule({ VServerGroupId: undefined })]) }, { status: 400, code: 'InvalidParameter', mentions: ['RuleList[0].VServerGroupId'] }],
    ['an unknown VServerGroupId', { ...HTTP, RuleList: json([rule({ VServerGroupId: 'rsp-nope' })]) }, { status: 404, code: 'InvalidParameter', mentions: ['VServerGroupId does not exist', 'rsp-nope'] }],
    ['the same Domain and Url twice', { ...HTTP, RuleList: json([rule({ RuleName: 'a' }), rule({ RuleName: 'b' })]) }, { status: 400, code: 'DomainExist', mentions: ['Url "/api"'] }],
    ['the same name twice', { ...HTTP, RuleList: json([rule({ RuleName: 'a' }), rule({ RuleName: 'a', Url: '/b' })]) }, { status: 400, code: 'InvalidParameter', mentions: ['RuleList[1].RuleName', 'unique'] }],
  ];
  it.each(cases)('refuses %s, changing nothing', (_, params, refusal) => refused(plane(), 'CreateRules', params, refusal));

  it('refuses a Domain and Url pair the listener already has (domains compare case-insensitively)', () => {
    const state = plane();
    ok(state, 'CreateRules', { ...HTTP, RuleList: json([rule({ Domain: 'www.example.com' })]) });
    refused(state, 'CreateRules', { ...HTTP, RuleList: json([rule({ RuleName: 'r2', Domain: 'WWW.Example.com' })]) }, { status: 400, code: 'DomainExist', mentions: ['rule-sim0001'] });
    refused(state, 'CreateRules', { ...HTTP, RuleList: json([rule({ Url: '/other' })]) }, { status: 400, code: 'InvalidParameter', mentions: ['"r1"', 'rule-sim0001'] });
    // The same pair on another listener is fine.
    ok(state, 'CreateRules', { ...LB, ListenerPort: '443', RuleList: json([rule({ Domain: 'www.example.com' })]) });
  });

  it('enforces 40 rules per listener (TooManyRules), counting those already there', () => {
    const full = plane(withRules(38));
    refused(full, 'CreateRules', { ...HTTP, RuleList: json(['a', 'b', 'c'].map((n) => rule({ RuleName: n, Url: `/${n}` }))) }, { status: 400, code: 'TooManyRules', mentions: ['38', '40'] });
    ok(full, 'CreateRules', { ...HTTP, RuleList: json(['a', 'b'].map((n) => rule({ RuleName: n, Url: `/${n}` }))) });
    expect((full.scenario.listeners[0]!.Rules ?? []).length).toBe(40);
    refused(full, 'CreateRules', { ...HTTP, RuleList: json([rule({ RuleName: 'z', Url: '/z' })]) }, { status: 400, code: 'TooManyRules', mentions: ['40'] });
  });
});

describe('rules made through the API route requests', () => {
  it('CreateVServerGroup + CreateRules send matching requests to the new group; DeleteRules and SetRule change that', () => {
    const state = plane();
    ok(state, 'CreateVServerGroup', { ...LB, VServerGroupName: 'img', BackendServers: json([{ ServerId: 'i-cc', Port: 8081 }]) });
    ok(state, 'CreateRules', { ...HTTP, RuleList: json([{ RuleName: 'img', Domain: '*.example.com', Url: '/img', VServerGroupId: 'rsp-sim0001' }]) });
    const route = (host: string, path: string) => createScenarioRouter(state.scenario)({ host, path, port: 80 });
    expect(route('cdn.example.com', '/img/logo.png')).toEqual({ listener: 80, ruleId: 'rule-sim0001', vServerGroupId: 'rsp-sim0001', serverId: 'i-cc', status: 200 });
    // Not the rule's domain: the listener's VServer group.
    expect(route('example.org', '/img/logo.png')).toMatchObject({ ruleId: null, vServerGroupId: 'rsp-web', serverId: 'i-aa' });
    ok(state, 'SetRule', { RuleId: 'rule-sim0001', VServerGroupId: 'rsp-api' });
    expect(route('cdn.example.com', '/img/logo.png')).toMatchObject({ ruleId: 'rule-sim0001', vServerGroupId: 'rsp-api', serverId: 'i-bb' });
    ok(state, 'DeleteRules', { RuleIds: json(['rule-sim0001']) });
    expect(route('cdn.example.com', '/img/logo.png')).toMatchObject({ ruleId: null, vServerGroupId: 'rsp-web' });
  });
});

describe('DeleteRules', () => {
  it('removes rules of several listeners in one call', () => {
    const state = plane(withRules(1));
    ok(state, 'CreateRules', { ...LB, ListenerPort: '443', RuleList: json([rule({})]) });
    ok(state, 'DeleteRules', { RuleIds: json(['rule-old0', 'rule-sim0001']) });
    expect(state.scenario.listeners.map((l) => l.Rules ?? [])).toEqual([[], [], []]);
  });

  it('removes rules by id', () => {
    const state = plane(withRules(3));
    ok(state, 'DeleteRules', { RegionId: 'cn-hangzhou', RuleIds: json(['rule-old0', 'rule-old2']) });
    expect(ok(state, 'DescribeRules', HTTP)['Rules']).toEqual({ Rule: [expect.objectContaining({ RuleId: 'rule-old1' })] });
    refused(state, 'DescribeRuleAttribute', { RuleId: 'rule-old0' }, { status: 404, code: 'InvalidRuleId.NotFound', mentions: ['rule-old0'] });
  });

  const cases: [string, Record<string, string | undefined>, Refusal][] = [
    ['no RuleIds', {}, { status: 400, code: 'MissingParameter', mentions: ['RuleIds'] }],
    ['RuleIds not JSON', { RuleIds: 'rule-old0' }, { status: 400, code: 'InvalidParameter', mentions: ['RuleIds', 'JSON list'] }],
    ['RuleIds empty', { RuleIds: '[]' }, { status: 400, code: 'InvalidParameter', mentions: ['RuleIds', 'empty'] }],
    ['an id not a string', { RuleIds: '[1]' }, { status: 400, code: 'InvalidParameter', mentions: ['RuleIds[0]'] }],
    ['one unknown id among known ones', { RuleIds: json(['rule-old0', 'rule-nope']) }, { status: 404, code: 'InvalidRuleId.NotFound', mentions: ['rule-nope'] }],
    ['another region', { RegionId: 'cn-beijing', RuleIds: json(['rule-old0']) }, { status: 404, code: 'InvalidRuleId.NotFound', mentions: ['rule-old0'] }],
    ['a malformed region', { RegionId: 'Mars', RuleIds: json(['rule-old0']) }, { status: 400, code: 'InvalidParameter', mentions: ['RegionId'] }],
  ];
  it.each(cases)('refuses %s, deleting nothing', (_, params, refusal) => refused(plane(withRules(2)), 'DeleteRules', params, refusal));
});

describe('SetRule', () => {
  it('renames a rule and points it at another group', () => {
    const state = plane(withRules(2));
    ok(state, 'SetRule', { RuleId: 'rule-old1', RuleName: 'renamed', VServerGroupId: 'rsp-web', ListenerSync: 'on' });
    expect(ok(state, 'DescribeRuleAttribute', { RuleId: 'rule-old1' })).toMatchObject({ RuleName: 'renamed', VServerGroupId: 'rsp-web', Url: '/old1' });
  });

  it('commits nothing when nothing changes', () => {
    const state = plane(withRules(1));
    const before = state.scenario;
    ok(state, 'SetRule', { RuleId: 'rule-old0', RuleName: 'old0' });
    expect(state.scenario).toBe(before);
  });

  const cases: [string, Record<string, string | undefined>, Refusal][] = [
    ['no RuleId', { RuleName: 'x' }, { status: 400, code: 'MissingParameter', mentions: ['RuleId'] }],
    ['an unknown RuleId', { RuleId: 'rule-nope', RuleName: 'x' }, { status: 404, code: 'InvalidRuleId.NotFound', mentions: ['rule-nope'] }],
    ['a bad RuleName', { RuleId: 'rule-old0', RuleName: 'a b' }, { status: 400, code: 'InvalidParameter', mentions: ['RuleName'] }],
    ["another rule's name", { RuleId: 'rule-old0', RuleName: 'old1' }, { status: 400, code: 'InvalidParameter', mentions: ['RuleName', 'rule-old1'] }],
    ['an unknown VServerGroupId', { RuleId: 'rule-old0', VServerGroupId: 'rsp-nope' }, { status: 404, code: 'InvalidParameter', mentions: ['rsp-nope'] }],
    ['an empty VServerGroupId', { RuleId: 'rule-old0', VServerGroupId: '' }, { status: 400, code: 'InvalidParameter', mentions: ['VServerGroupId'] }],
    ['ListenerSync neither on nor off', { RuleId: 'rule-old0', ListenerSync: 'yes' }, { status: 400, code: 'InvalidParameter', mentions: ['ListenerSync'] }],
    ['ListenerSync off', { RuleId: 'rule-old0', ListenerSync: 'off' }, { status: 400, code: 'UnsupportedParameter', mentions: ['ListenerSync'] }],
    ['a per-rule scheduler', { RuleId: 'rule-old0', Scheduler: 'rr' }, { status: 400, code: 'UnsupportedParameter', mentions: ['Scheduler'] }],
  ];
  it.each(cases)('refuses %s, changing nothing', (_, params, refusal) => refused(plane(withRules(2)), 'SetRule', params, refusal));
});

describe('DescribeRules and DescribeRuleAttribute', () => {
  it('answer an empty list for a listener without rules, and refuse TCP listeners and unknown rules', () => {
    const state = plane();
    expect(ok(state, 'DescribeRules', HTTP)['Rules']).toEqual({ Rule: [] });
    refused(state, 'DescribeRules', { ...LB, ListenerPort: '22' }, { status: 400, code: 'RuleNotSupport', mentions: ['TCP'] });
    refused(state, 'DescribeRules', { ...LB }, { status: 400, code: 'MissingParameter', mentions: ['ListenerPort'] });
    refused(state, 'DescribeRuleAttribute', {}, { status: 400, code: 'MissingParameter', mentions: ['RuleId'] });
    refused(plane(withRules(1)), 'DescribeRuleAttribute', { RuleId: 'rule-old0', RegionId: 'cn-beijing' }, { status: 404, code: 'InvalidRuleId.NotFound', mentions: ['rule-old0'] });
  });
});
