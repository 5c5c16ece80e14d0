import { describe, expect, it } from 'vitest';
import { baseScenario, call, json, LB_ID, ok, type OneLbInput, plane, type Refusal, refused } from './api-test-helpers';
import type { ControlPlaneState } from './state';
import { replayJournal } from '../run/journal-replay';
import type { JournalEntry, Scenario } from '../scenario/schema';

/** The base scenario with two ACLs: acl-office (two entries) used by the TCP listener, acl-spare unused. */
function withAcls(extra: Partial<OneLbInput> = {}): ControlPlaneState {
  const base = baseScenario();
  return plane({
    ...base,
    acls: [
      {
        AclId: 'acl-office',
        AclName: 'office',
        AclEntrys: [
          { AclEntryIP: '100.0.0.0/24', AclEntryComment: 'hq' },
          { AclEntryIP: '100.0.1.7', AclEntryComment: 'vpn' },
        ],
      },
      { AclId: 'acl-spare', AclName: 'spare' },
    ],
    listeners: base.listeners!.map((l) => (l.ListenerPort === 22 ? { ...l, AclStatus: 'on' as const, AclType: 'white' as const, AclId: 'acl-office' } : l)),
    ...extra,
  });
}

const entries = (...list: { entry: string; comment?: string }[]): string => json(list);
const aclOf = (state: ControlPlaneState, id: string) => state.scenario.acls.find((a) => a.AclId === id);

type Row = [action: string, params: Record<string, string>, refusal: Refusal];

const bad = (status: number, code: string, ...mentions: string[]): Refusal => ({ status, code, mentions });

describe('ACL actions: refused calls name the parameter and the rule, and change nothing', () => {
  const rows: Row[] = [
    // CreateAccessControlList
    ['CreateAccessControlList', {}, bad(400, 'MissingParameter', 'AclName')],
    ['CreateAccessControlList', { AclName: '' }, bad(400, 'MissingParameter', 'AclName')],
    ['CreateAccessControlList', { AclName: 'a b' }, bad(400, 'InvalidParameter', 'AclName', '1–80')],
    ['CreateAccessControlList', { AclName: 'x'.repeat(81) }, bad(400, 'InvalidParameter', 'AclName')],
    ['CreateAccessControlList', { AclName: 'new', AddressIPVersion: 'ipv6' }, bad(400, 'InvalidParameter', 'AddressIPVersion', 'not simulated')],
    ['CreateAccessControlList', { AclName: 'new', AddressIPVersion: 'v4' }, bad(400, 'InvalidParameter', 'AddressIPVersion', 'ipv4 or ipv6')],
    ['CreateAccessControlList', { AclName: 'office' }, bad(400, 'AclNameExist', 'office')],
    ['CreateAccessControlList', { AclName: 'new', RegionId: 'cn-beijing' }, bad(404, 'InvalidRegionId.NotFound', 'cn-beijing')],
    ['CreateAccessControlList', { AclName: 'new', RegionId: 'Hangzhou' }, bad(400, 'InvalidParameter', 'RegionId')],
    // DeleteAccessControlList
    ['DeleteAccessControlList', {}, bad(400, 'MissingParameter', 'AclId')],
    ['DeleteAccessControlList', { AclId: 'acl-none' }, bad(404, 'AclNotExist', 'acl-none')],
    ['DeleteAccessControlList', { AclId: 'acl-spare', RegionId: 'cn-beijing' }, bad(404, 'AclNotExist', 'acl-spare')],
    ['DeleteAccessControlList', { AclId: 'acl-office' }, bad(400, 'OperationFailed.AclBindedWithVip', 'TCP 22')],
    // SetAccessControlListAttribute
    ['SetAccessControlListAttribute', { AclId: 'acl-spare' }, bad(400, 'MissingParameter', 'AclName')],
    ['SetAccessControlListAttribute', { AclName: 'x' }, bad(400, 'MissingParameter', 'AclId')],
    ['SetAccessControlListAttribute', { AclId: 'acl-none', AclName: 'x' }, bad(404, 'AclNotExist', 'acl-none')],
    ['SetAccessControlListAttribute', { AclId: 'acl-spare', AclName: 'office' }, bad(400, 'AclNameExist', 'office')],
    ['SetAccessControlListAttribute', { AclId: 'acl-spare', AclName: 'bad name!' }, bad(400, 'InvalidParameter', 'AclName')],
    // AddAccessControlListEntry
    ['AddAccessControlListEntry', { AclId: 'acl-spare' }, bad(400, 'MissingParameter', 'AclEntrys')],
    ['AddAccessControlListEntry', { AclEntrys: entries({ entry: '10.0.0.0/8' }) }, bad(400, 'MissingParameter', 'AclId')],
    ['AddAccessControlListEntry', { AclId: 'acl-none', AclEntrys: entries({ entry: '10.0.0.0/8' }) }, bad(404, 'AclNotExist', 'acl-none')],
    ['AddAccessControlListEntry', { AclId: 'acl-spare', AclEntrys: '10.0.0.0/8' }, bad(400, 'AclEntryIllegal', 'AclEntrys', 'JSON')],
    ['AddAccessControlListEntry', { AclId: 'acl-spare', AclEntrys: '{"entry":"10.0.0.0/8"}' }, bad(400, 'AclEntryIllegal', 'AclEntrys', 'list')],
    ['AddAccessControlListEntry', { AclId: 'acl-spare', AclEntrys: '[]' }, bad(400, 'AclEntryIllegal', 'AclEntrys', 'empty')],
    ['AddAccessControlListEntry', { AclId: 'acl-spare', AclEntrys: '["10.0.0.0/8"]' }, bad(400, 'AclEntryIllegal', 'AclEntrys', 'object')],
    ['AddAccessControlListEntry', { AclId: 'acl-spare', AclEntrys: json([{ Entry: '10.0.0.0/8' }]) }, bad(400, 'AclEntryIllegal', 'unknown field "Entry"')],
    ['AddAccessControlListEntry', { AclId: 'acl-spare', AclEntrys: json([{ comment: 'x' }]) }, bad(400, 'MissingParameter', 'AclEntrys[0].entry')],
    ['AddAccessControlListEntry', { AclId: 'acl-spare', AclEntrys: json([{ entry: 10 }]) }, bad(400, 'AclEntryIllegal', 'AclEntrys[0].entry')],
    ['AddAccessControlListEntry', { AclId: 'acl-spare', AclEntrys: json([{ entry: true }]) }, bad(400, 'AclEntryIllegal', 'AclEntrys[0].entry', 'string')],
    ['AddAccessControlListEntry', { AclId: 'acl-spare', AclEntrys: entries({ entry: '10.0.0.0/33' }) }, bad(400, 'AclEntryIllegal', 'AclEntrys[0].entry', 'IPv4')],
    ['AddAccessControlListEntry', { AclId: 'acl-spare', AclEntrys: entries({ entry: '1.1.1.1/8' }, { entry: '300.1.1.1' }) }, bad(400, 'AclEntryIllegal', 'AclEntrys[0].entry', '1.0.0.0/8')],
    ['AddAccessControlListEntry', { AclId: 'acl-spare', AclEntrys: entries({ entry: '10.0.0.0/8' }, { entry: '300.1.1.1' }) }, bad(400, 'AclEntryIllegal', 'AclEntrys[1].entry')],
    ['AddAccessControlListEntry', { AclId: 'acl-spare', AclEntrys: entries({ entry: '10.0.0.0/8', comment: 'c'.repeat(257) }) }, bad(400, 'InvalidParameter', 'AclEntrys[0].comment', '256')],
    ['AddAccessControlListEntry', { AclId: 'acl-office', AclEntrys: entries({ entry: '100.0.1.7/32' }) }, bad(400, 'InvalidParam.AclEntryExists', 'AclEntrys[0].entry', 'acl-office')],
    // RemoveAccessControlListEntry
    ['RemoveAccessControlListEntry', { AclId: 'acl-office' }, bad(400, 'MissingParameter', 'AclEntrys')],
    ['RemoveAccessControlListEntry', { AclId: 'acl-none', AclEntrys: entries({ entry: '10.0.0.0/8' }) }, bad(404, 'AclNotExist', 'acl-none')],
    ['RemoveAccessControlListEntry', { AclId: 'acl-spare', AclEntrys: entries({ entry: '10.0.0.0/8' }) }, bad(400, 'AclEntryEmpty', 'acl-spare')],
    ['RemoveAccessControlListEntry', { AclId: 'acl-office', AclEntrys: entries({ entry: '10.0.0.0/8' }) }, bad(400, 'InvalidParameter', 'AclEntrys[0].entry', 'not an entry')],
    ['RemoveAccessControlListEntry', { AclId: 'acl-office', AclEntrys: 'x' }, bad(400, 'AclEntryIllegal', 'AclEntrys')],
    [
      'RemoveAccessControlListEntry',
      { AclId: 'acl-office', AclEntrys: entries({ entry: '100.0.0.0/24' }, { entry: '100.0.1.7' }) },
      bad(400, 'InvalidParameter', 'AclEntrys', 'TCP 22', 'at least one entry'),
    ],
    // Reads
    ['DescribeAccessControlListAttribute', {}, bad(400, 'MissingParameter', 'AclId')],
    ['DescribeAccessControlListAttribute', { AclId: 'acl-none' }, bad(404, 'AclNotExist', 'acl-none')],
    ['DescribeAccessControlListAttribute', { AclId: 'acl-office', PageSize: '51' }, bad(400, 'InvalidParameter', 'PageSize', '1 to 50')],
    ['DescribeAccessControlListAttribute', { AclId: 'acl-office', Page: '0' }, bad(400, 'InvalidParameter', 'Page')],
    ['DescribeAccessControlLists', { PageSize: '0' }, bad(400, 'InvalidParameter', 'PageSize')],
    ['DescribeAccessControlLists', { PageSize: '51' }, bad(400, 'InvalidParameter', 'PageSize', '1 to 50')],
    ['DescribeAccessControlLists', { PageNumber: 'one' }, bad(400, 'InvalidParameter', 'PageNumber')],
    ['DescribeAccessControlLists', { AddressIPVersion: 'ip4' }, bad(400, 'InvalidParameter', 'AddressIPVersion')],
  ];
  it.each(rows)('%s %j → %j', (action, params, refusal) => {
    refused(withAcls(), action, params, refusal);
  });

  it('more than 50 entries in one call is refused', () => {
    const list = Array.from({ length: 51 }, (_, i) => ({ entry: `10.0.${i}.0/24` }));
    refused(withAcls(), 'AddAccessControlListEntry', { AclId: 'acl-spare', AclEntrys: json(list) }, bad(400, 'InvalidParameter', 'AclEntrys', '50'));
  });

  it('an ACL holds at most 300 entries: AclEntryExceedLimit', () => {
    const state = withAcls();
    for (let batch = 0; batch < 6; batch++) {
      const list = Array.from({ length: 50 }, (_, i) => ({ entry: `10.${batch}.${i}.0/24` }));
      ok(state, 'AddAccessControlListEntry', { AclId: 'acl-spare', AclEntrys: json(list) });
    }
    expect(aclOf(state, 'acl-spare')!.AclEntrys).toHaveLength(300);
    refused(state, 'AddAccessControlListEntry', { AclId: 'acl-spare', AclEntrys: entries({ entry: '192.168.0.0/16' }) }, bad(400, 'AclEntryExceedLimit', '301', '300'));
  });

  it('a region holds at most 50 ACLs: AclNumberOverLimit', () => {
    const state = withAcls();
    for (let i = 0; i < 48; i++) ok(state, 'CreateAccessControlList', { AclName: `n${i}` });
    expect(state.scenario.acls).toHaveLength(50);
    refused(state, 'CreateAccessControlList', { AclName: 'one-more' }, bad(400, 'AclNumberOverLimit', '50'));
  });
});

describe('ACL actions: what succeeds', () => {
  it('Create hands out acl-simNNNN ids from the scenario alone and answers AclId', () => {
    const state = withAcls();
    expect(ok(state, 'CreateAccessControlList', { AclName: 'first', AddressIPVersion: 'ipv4', RegionId: 'cn-hangzhou' })['AclId']).toBe('acl-sim0001');
    expect(ok(state, 'CreateAccessControlList', { AclName: '第二' })['AclId']).toBe('acl-sim0002');
    expect(aclOf(state, 'acl-sim0002')).toEqual({ AclId: 'acl-sim0002', AclName: '第二', AddressIPVersion: 'ipv4', AclEntrys: [] });
    // The same calls on the same scenario give the same ids (a replayed journal).
    const again = withAcls();
    ok(again, 'CreateAccessControlList', { AclName: 'first' });
    expect(ok(again, 'CreateAccessControlList', { AclName: '第二' })['AclId']).toBe('acl-sim0002');
    // Deleting the newest frees its number; a gap below the highest is never reused.
    ok(state, 'DeleteAccessControlList', { AclId: 'acl-sim0001' });
    expect(ok(state, 'CreateAccessControlList', { AclName: 'third' })['AclId']).toBe('acl-sim0003');
  });

  it('Add keeps repeats within a request once, with comments; entries accept a plain address', () => {
    const state = withAcls();
    ok(state, 'AddAccessControlListEntry', {
      AclId: 'acl-spare',
      AclEntrys: "[{'entry':'10.0.0.0/8','comment':'private'},{'entry':'10.0.0.0/8','comment':'again'},{'entry':'8.8.8.8'}]",
    });
    expect(aclOf(state, 'acl-spare')!.AclEntrys).toEqual([
      { AclEntryIP: '10.0.0.0/8', AclEntryComment: 'private' },
      { AclEntryIP: '8.8.8.8', AclEntryComment: '' },
    ]);
  });

  it('Remove matches by block, whatever the comment; an unused ACL may be emptied', () => {
    const state = withAcls();
    ok(state, 'RemoveAccessControlListEntry', { AclId: 'acl-office', AclEntrys: entries({ entry: '100.0.1.7/32', comment: 'other text' }) });
    expect(aclOf(state, 'acl-office')!.AclEntrys).toEqual([{ AclEntryIP: '100.0.0.0/24', AclEntryComment: 'hq' }]);
    ok(state, 'AddAccessControlListEntry', { AclId: 'acl-spare', AclEntrys: entries({ entry: '1.2.3.0/24' }) });
    ok(state, 'RemoveAccessControlListEntry', { AclId: 'acl-spare', AclEntrys: entries({ entry: '1.2.3.0/24' }) });
    expect(aclOf(state, 'acl-spare')!.AclEntrys).toEqual([]);
  });

  it('Set renames; the same name again commits nothing', () => {
    const state = withAcls();
    let commits = 0;
    state.onCommit = () => commits++;
    expect(ok(state, 'SetAccessControlListAttribute', { AclId: 'acl-spare', AclName: 'renamed' })['AclId']).toBe('acl-spare');
    expect(aclOf(state, 'acl-spare')!.AclName).toBe('renamed');
    const before = state.scenario;
    ok(state, 'SetAccessControlListAttribute', { AclId: 'acl-spare', AclName: 'renamed' });
    expect(state.scenario).toBe(before);
    expect(commits).toBe(1);
  });

  it('Delete removes an ACL no listener uses; after AclStatus off it can be deleted', () => {
    const state = withAcls();
    ok(state, 'DeleteAccessControlList', { AclId: 'acl-spare' });
    expect(aclOf(state, 'acl-spare')).toBeUndefined();
    ok(state, 'SetLoadBalancerTCPListenerAttribute', { LoadBalancerId: LB_ID, ListenerPort: '22', AclStatus: 'off' });
    const listener = state.scenario.listeners.find((l) => l.ListenerPort === 22)!;
    expect(listener).toMatchObject({ AclStatus: 'off' });
    expect(listener.AclId).toBeUndefined();
    ok(state, 'DeleteAccessControlList', { AclId: 'acl-office' });
    expect(state.scenario.acls).toEqual([]);
  });

  it('DescribeAccessControlLists filters by name (a substring) and version, and pages', () => {
    const state = withAcls();
    for (const name of ['web-a', 'web-b', 'db']) ok(state, 'CreateAccessControlList', { AclName: name });
    const all = ok(state, 'DescribeAccessControlLists', {});
    expect(all).toMatchObject({ TotalCount: 5, PageNumber: 1, PageSize: 10, Count: 5 });
    const web = ok(state, 'DescribeAccessControlLists', { AclName: 'web', RegionId: 'cn-hangzhou' });
    expect((web['Acls'] as { Acl: { AclName: string }[] }).Acl.map((a) => a.AclName)).toEqual(['web-a', 'web-b']);
    expect(ok(state, 'DescribeAccessControlLists', { AddressIPVersion: 'ipv6' })['TotalCount']).toBe(0);
    const page2 = ok(state, 'DescribeAccessControlLists', { PageSize: '2', PageNumber: '2' });
    expect(page2).toMatchObject({ TotalCount: 5, Count: 2, PageSize: 2, PageNumber: 2 });
    expect((page2['Acls'] as { Acl: { AclId: string }[] }).Acl.map((a) => a.AclId)).toEqual(['acl-sim0001', 'acl-sim0002']);
    expect((page2['Acls'] as { Acl: unknown[] }).Acl[0]).toEqual({ AclId: 'acl-sim0001', AclName: 'web-a', AddressIPVersion: 'ipv4', CreateTime: state.createTime });
    // Another region has none.
    expect(ok(state, 'DescribeAccessControlLists', { RegionId: 'cn-beijing' })).toMatchObject({ TotalCount: 0, Acls: { Acl: [] } });
  });

  it('DescribeAccessControlListAttribute answers entries (filtered by comment, paged) and the listeners using it', () => {
    const state = withAcls();
    expect(ok(state, 'DescribeAccessControlListAttribute', { AclId: 'acl-office' })).toMatchObject({
      AclId: 'acl-office',
      AclName: 'office',
      AddressIPVersion: 'ipv4',
      AclEntrys: {
        AclEntry: [
          { AclEntryIP: '100.0.0.0/24', AclEntryComment: 'hq' },
          { AclEntryIP: '100.0.1.7', AclEntryComment: 'vpn' },
        ],
      },
      RelatedListeners: { RelatedListener: [{ LoadBalancerId: LB_ID, ListenerPort: 22, Protocol: 'tcp', AclType: 'white' }] },
    });
    expect(ok(state, 'DescribeAccessControlListAttribute', { AclId: 'acl-office', AclEntryComment: 'vpn' })['AclEntrys']).toEqual({ AclEntry: [{ AclEntryIP: '100.0.1.7', AclEntryComment: 'vpn' }] });
    expect(ok(state, 'DescribeAccessControlListAttribute', { AclId: 'acl-office', Page: '2', PageSize: '1' })['AclEntrys']).toEqual({ AclEntry: [{ AclEntryIP: '100.0.1.7', AclEntryComment: 'vpn' }] });
    expect(ok(state, 'DescribeAccessControlListAttribute', { AclId: 'acl-spare' })['RelatedListeners']).toEqual({ RelatedListener: [] });
  });
});

describe('listener access control parameters', () => {
  const tcp = { LoadBalancerId: LB_ID, ListenerPort: '2222', Bandwidth: '-1', BackendServerPort: '22' };
  const http = { LoadBalancerId: LB_ID, ListenerPort: '8080', HealthCheck: 'on', StickySession: 'off', BackendServerPort: '80' };

  it.each([
    ['CreateLoadBalancerTCPListener', tcp],
    ['CreateLoadBalancerUDPListener', { ...tcp, ListenerPort: '5353' }],
    ['CreateLoadBalancerHTTPListener', http],
    ['CreateLoadBalancerHTTPSListener', { ...http, ListenerPort: '8443', ServerCertificateId: 'cert-1' }],
  ])('%s takes AclStatus on with AclType and AclId, and Describe answers them', (action, params) => {
    const state = withAcls();
    ok(state, action, { ...params, AclStatus: 'on', AclType: 'black', AclId: 'acl-spare' });
    const listener = state.scenario.listeners.find((l) => l.ListenerPort === Number(params.ListenerPort))!;
    expect(listener).toMatchObject({ AclStatus: 'on', AclType: 'black', AclId: 'acl-spare' });
    const protocol = action.replace('CreateLoadBalancer', '').replace('Listener', '');
    expect(ok(state, `DescribeLoadBalancer${protocol}ListenerAttribute`, { LoadBalancerId: LB_ID, ListenerPort: params.ListenerPort })).toMatchObject({ AclStatus: 'on', AclType: 'black', AclId: 'acl-spare' });
    const list = ok(state, 'DescribeLoadBalancerListeners', { ListenerPort: params.ListenerPort }) as { Listeners: Record<string, unknown>[] };
    expect(list.Listeners[0]).toMatchObject({ AclStatus: 'on', AclType: 'black', AclId: 'acl-spare' });
    expect(ok(state, 'DescribeAccessControlListAttribute', { AclId: 'acl-spare' })['RelatedListeners']).toEqual({
      RelatedListener: [{ LoadBalancerId: LB_ID, ListenerPort: Number(params.ListenerPort), Protocol: listener.ListenerProtocol, AclType: 'black' }],
    });
  });

  const rows: Row[] = [
    ['CreateLoadBalancerTCPListener', { ...tcp, AclStatus: 'on', AclId: 'acl-spare' }, bad(400, 'MissingParameter', 'AclType')],
    ['CreateLoadBalancerTCPListener', { ...tcp, AclStatus: 'on', AclType: 'white' }, bad(400, 'MissingParameter', 'AclId')],
    ['CreateLoadBalancerTCPListener', { ...tcp, AclStatus: 'on', AclType: 'white', AclId: 'acl-none' }, bad(404, 'AclNotExist', 'acl-none')],
    ['CreateLoadBalancerHTTPListener', { ...http, AclStatus: 'on', AclType: 'grey', AclId: 'acl-spare' }, bad(400, 'InvalidParameter', 'AclType', 'white, black')],
    ['CreateLoadBalancerHTTPListener', { ...http, AclStatus: 'maybe' }, bad(400, 'InvalidParameter', 'AclStatus', 'on, off')],
    ['SetLoadBalancerHTTPListenerAttribute', { LoadBalancerId: LB_ID, ListenerPort: '80', AclStatus: 'on' }, bad(400, 'MissingParameter', 'AclType')],
    ['SetLoadBalancerHTTPListenerAttribute', { LoadBalancerId: LB_ID, ListenerPort: '80', AclStatus: 'on', AclType: 'white' }, bad(400, 'MissingParameter', 'AclId')],
    ['SetLoadBalancerTCPListenerAttribute', { LoadBalancerId: LB_ID, ListenerPort: '22', AclId: 'acl-gone' }, bad(404, 'AclNotExist', 'acl-gone')],
  ];
  it.each(rows)('%s %j → %j', (action, params, refusal) => {
    refused(withAcls(), action, params, refusal);
  });

  it('Set switches the ACL, its type, or access control itself; the other settings stay', () => {
    const state = withAcls();
    const port22 = () => state.scenario.listeners.find((l) => l.ListenerPort === 22)!;
    ok(state, 'SetLoadBalancerTCPListenerAttribute', { LoadBalancerId: LB_ID, ListenerPort: '22', AclType: 'black' });
    expect(port22()).toMatchObject({ AclStatus: 'on', AclType: 'black', AclId: 'acl-office' });
    ok(state, 'SetLoadBalancerTCPListenerAttribute', { LoadBalancerId: LB_ID, ListenerPort: '22', AclId: 'acl-spare' });
    expect(port22()).toMatchObject({ AclStatus: 'on', AclType: 'black', AclId: 'acl-spare' });
    ok(state, 'SetLoadBalancerHTTPListenerAttribute', { LoadBalancerId: LB_ID, ListenerPort: '80', AclStatus: 'on', AclType: 'white', AclId: 'acl-office' });
    expect(state.scenario.listeners.find((l) => l.ListenerPort === 80)).toMatchObject({ AclStatus: 'on', AclType: 'white', AclId: 'acl-office', VServerGroupId: 'rsp-web' });
    // The HTTP listener now uses acl-office: it cannot be deleted.
    expect(call(state, 'DeleteAccessControlList', { AclId: 'acl-office' }).body['Code']).toBe('OperationFailed.AclBindedWithVip');
  });
});

describe('ACL calls in the command journal', () => {
  it('replaying the committed calls rebuilds the same scenarios, generated ACL ids included', () => {
    const state = withAcls();
    const initial = state.scenario;
    const journal: JournalEntry[] = [];
    const committed: Scenario[] = [];
    state.onCommit = (change) => {
      journal.push({ atUs: journal.length * 1_000_000, source: 'api', action: change.action, params: change.params });
      committed.push(change.scenario);
    };
    ok(state, 'CreateAccessControlList', { AclName: 'partners' });
    ok(state, 'AddAccessControlListEntry', { AclId: 'acl-sim0001', AclEntrys: entries({ entry: '203.0.113.0/24', comment: 'partner' }, { entry: '198.51.100.7' }) });
    ok(state, 'SetLoadBalancerTCPListenerAttribute', { LoadBalancerId: LB_ID, ListenerPort: '22', AclId: 'acl-sim0001', AclType: 'black' });
    ok(state, 'RemoveAccessControlListEntry', { AclId: 'acl-sim0001', AclEntrys: entries({ entry: '198.51.100.7/32' }) });
    ok(state, 'SetAccessControlListAttribute', { AclId: 'acl-office', AclName: 'hq' });
    ok(state, 'DeleteAccessControlList', { AclId: 'acl-spare' });
    // Reads and a refused call are not journaled.
    call(state, 'DeleteAccessControlList', { AclId: 'acl-sim0001' });
    ok(state, 'DescribeAccessControlLists', {});
    expect(journal.map((e) => e.action)).toEqual([
      'CreateAccessControlList',
      'AddAccessControlListEntry',
      'SetLoadBalancerTCPListenerAttribute',
      'RemoveAccessControlListEntry',
      'SetAccessControlListAttribute',
      'DeleteAccessControlList',
    ]);
    expect(replayJournal(initial, journal)).toEqual([initial, ...committed]);
    expect(committed.at(-1)!.acls.map((a) => a.AclId)).toEqual(['acl-office', 'acl-sim0001']);
  });
});
