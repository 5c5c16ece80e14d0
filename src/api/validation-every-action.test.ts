import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { baseScenario, json, LB_ID, ok, plane, refused, type Refusal } from './api-test-helpers';
import { SERVED_ACTIONS } from './router';
import type { ControlPlaneState } from './state';

/**
 * One table for every action the router serves: a missing required parameter, a value out of its
 * range and a malformed value each answer the documented code, name the parameter, and leave the
 * state as it was (`refused` checks the scenario is the same object). The per-family test files
 * hold the fuller tables; this one makes sure no action is left without one: a new action in the
 * router fails the coverage test below until its rows are added here.
 */

type Kind = 'missing' | 'range' | 'malformed';
interface Row {
  kind: Kind;
  params: Record<string, string>;
  refusal: Refusal;
}

const LB = { LoadBalancerId: LB_ID };
const bad = (status: number, code: string, ...mentions: string[]): Refusal => ({ status, code, mentions });
const missing = (params: Record<string, string>, name: string): Row => ({ kind: 'missing', params, refusal: bad(400, 'MissingParameter', `"${name}"`) });
const range = (params: Record<string, string>, name: string, code = 'InvalidParameter'): Row => ({ kind: 'range', params, refusal: bad(400, code, name) });
const malformed = (params: Record<string, string>, name: string, code = 'InvalidParameter'): Row => ({ kind: 'malformed', params, refusal: bad(400, code, name) });

/** Actions without a required parameter (every parameter filters or has a default): no "missing" row. */
const NOTHING_REQUIRED = new Set(['DescribeLoadBalancers', 'DescribeLoadBalancerListeners', 'DescribeServerCertificates', 'DescribeCACertificates', 'DescribeAccessControlLists', 'SimDescribeClock']);
/** Actions whose parameters are ids, names from a list, or flags only: no "range" row. */
const NOTHING_RANGED = new Set([
  'DescribeLoadBalancerAttribute',
  'DescribeVServerGroups',
  'DescribeVServerGroupAttribute',
  'DeleteLoadBalancer',
  'ModifyLoadBalancerInstanceSpec',
  'SetLoadBalancerStatus',
  'SetLoadBalancerDeleteProtection',
  'DescribeServerCertificates',
  'DescribeCACertificates',
  'DeleteServerCertificate',
  'DeleteCACertificate',
  'DescribeRuleAttribute',
  'DeleteVServerGroup',
  'DescribeMasterSlaveServerGroups',
  'DescribeMasterSlaveServerGroupAttribute',
  'DeleteMasterSlaveServerGroup',
  'SimDeleteClientPopulation',
  'SimDescribeClock',
  'DeleteAccessControlList',
]);

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const RSA = { ServerCertificate: fixture('rsa2048.cert.pem'), PrivateKey: fixture('rsa2048.test-key.pem') };

const listenerRows = (protocol: 'TCP' | 'UDP' | 'HTTP' | 'HTTPS', port: string): Record<string, Row[]> => {
  const on = { ...LB, ListenerPort: port };
  const create: Record<string, string> =
    protocol === 'TCP' || protocol === 'UDP'
      ? { ...LB, ListenerPort: '9000', BackendServerPort: '9000', Bandwidth: '-1' }
      : { ...LB, ListenerPort: '9000', BackendServerPort: '9000', HealthCheck: 'off', StickySession: 'off', ...(protocol === 'HTTPS' ? { ServerCertificateId: 'cert-1' } : {}) };
  const required = protocol === 'TCP' || protocol === 'UDP' ? 'Bandwidth' : protocol === 'HTTP' ? 'StickySession' : 'ServerCertificateId';
  const { [required]: _dropped, ...withoutRequired } = create;
  return {
    [`DescribeLoadBalancer${protocol}ListenerAttribute`]: [
      missing({ ...LB }, 'ListenerPort'),
      range({ ...LB, ListenerPort: '65536' }, '"ListenerPort"'),
      malformed({ ...LB, ListenerPort: '8o' }, '"ListenerPort"'),
    ],
    [`CreateLoadBalancer${protocol}Listener`]: [
      missing(withoutRequired, required),
      range({ ...create, ListenerPort: '0' }, '"ListenerPort"'),
      range({ ...create, [protocol === 'TCP' || protocol === 'UDP' ? 'HealthCheckSwitch' : 'HealthCheck']: 'on', HealthCheckInterval: '51' }, '"HealthCheckInterval"'),
      malformed({ ...create, Scheduler: 'random' }, '"Scheduler"'),
    ],
    [`SetLoadBalancer${protocol}ListenerAttribute`]: [
      missing({ ...LB }, 'ListenerPort'),
      range({ ...on, HealthCheckInterval: '0' }, '"HealthCheckInterval"'),
      malformed({ ...on, Scheduler: 'random' }, '"Scheduler"'),
    ],
  };
};

const ROWS: Record<string, Row[]> = {
  DescribeLoadBalancers: [range({ PageSize: '101' }, '"PageSize"'), malformed({ RegionId: 'Mars 1' }, '"RegionId"'), malformed({ PageNumber: 'one' }, '"PageNumber"')],
  DescribeLoadBalancerAttribute: [missing({}, 'LoadBalancerId'), malformed({ ...LB, RegionId: 'Mars 1' }, '"RegionId"')],
  ...listenerRows('TCP', '22'),
  ...listenerRows('UDP', '53'),
  ...listenerRows('HTTP', '80'),
  ...listenerRows('HTTPS', '443'),
  DescribeHealthStatus: [missing({}, 'LoadBalancerId'), range({ ...LB, ListenerPort: '70000' }, '"ListenerPort"'), malformed({ ...LB, ListenerProtocol: 'sctp' }, '"ListenerProtocol"')],
  DescribeVServerGroups: [missing({}, 'LoadBalancerId'), malformed({ ...LB, IncludeRule: 'yes' }, '"IncludeRule"')],
  DescribeVServerGroupAttribute: [missing({}, 'VServerGroupId'), malformed({ VServerGroupId: 'rsp-api', RegionId: 'Mars 1' }, '"RegionId"')],

  CreateLoadBalancer: [
    missing({ LoadBalancerName: 'x' }, 'RegionId'),
    range({ RegionId: 'cn-hangzhou', InternetChargeType: 'paybybandwidth', Bandwidth: '5121' }, '"Bandwidth"'),
    malformed({ RegionId: 'cn-hangzhou', AddressType: 'public' }, '"AddressType"'),
  ],
  DeleteLoadBalancer: [missing({}, 'LoadBalancerId'), malformed({ ...LB, RegionId: 'Mars 1' }, '"RegionId"')],
  SetLoadBalancerName: [missing({ ...LB }, 'LoadBalancerName'), range({ ...LB, LoadBalancerName: 'n'.repeat(81) }, '"LoadBalancerName"'), malformed({ ...LB, LoadBalancerName: '1st' }, '"LoadBalancerName"')],
  ModifyLoadBalancerInstanceSpec: [missing({ ...LB }, 'LoadBalancerSpec'), malformed({ ...LB, LoadBalancerSpec: 'slb.s9.huge' }, '"LoadBalancerSpec"')],
  ModifyLoadBalancerInternetSpec: [
    missing({ InternetChargeType: 'paybytraffic' }, 'LoadBalancerId'),
    range({ ...LB, InternetChargeType: 'paybybandwidth', Bandwidth: '0' }, '"Bandwidth"'),
    malformed({ ...LB, InternetChargeType: 'free' }, '"InternetChargeType"'),
  ],
  SetLoadBalancerStatus: [missing({ ...LB }, 'LoadBalancerStatus'), malformed({ ...LB, LoadBalancerStatus: 'paused' }, '"LoadBalancerStatus"')],
  SetLoadBalancerDeleteProtection: [missing({ ...LB }, 'DeleteProtection'), malformed({ ...LB, DeleteProtection: 'yes' }, '"DeleteProtection"')],
  SetLoadBalancerModificationProtection: [
    missing({ ...LB }, 'ModificationProtectionStatus'),
    range({ ...LB, ModificationProtectionStatus: 'ConsoleProtection', ModificationProtectionReason: 'r'.repeat(81) }, '"ModificationProtectionReason"'),
    malformed({ ...LB, ModificationProtectionStatus: 'Locked' }, '"ModificationProtectionStatus"'),
  ],

  StartLoadBalancerListener: [missing({ ...LB }, 'ListenerPort'), range({ ...LB, ListenerPort: '0' }, '"ListenerPort"'), malformed({ ...LB, ListenerPort: '22', ListenerProtocol: 'sctp' }, '"ListenerProtocol"')],
  StopLoadBalancerListener: [missing({ ...LB }, 'ListenerPort'), range({ ...LB, ListenerPort: '65536' }, '"ListenerPort"'), malformed({ ...LB, ListenerPort: 'x' }, '"ListenerPort"')],
  DeleteLoadBalancerListener: [missing({ ListenerPort: '22' }, 'LoadBalancerId'), range({ ...LB, ListenerPort: '0' }, '"ListenerPort"'), malformed({ ...LB, ListenerPort: '22', ListenerProtocol: 'sctp' }, '"ListenerProtocol"')],
  DescribeLoadBalancerListeners: [range({ MaxResults: '101' }, '"MaxResults"'), malformed({ NextToken: 'abc' }, '"NextToken"'), malformed({ ListenerProtocol: 'sctp' }, '"ListenerProtocol"')],

  UploadServerCertificate: [
    // ServerCertificate and PrivateKey are optional in the API (AliCloudCertificateId is the alternative): an empty one is InvalidParameter.
    { kind: 'missing', params: { PrivateKey: RSA.PrivateKey }, refusal: bad(400, 'InvalidParameter', '"ServerCertificate"', 'empty') },
    range({ ...RSA, ServerCertificateName: 'n'.repeat(81) }, '"ServerCertificateName"'),
    malformed({ ...RSA, ServerCertificate: '-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n' }, '"ServerCertificate"'),
  ],
  UploadCACertificate: [
    missing({}, 'CACertificate'),
    range({ CACertificate: fixture('ca.cert.pem'), CACertificateName: 'n'.repeat(81) }, '"CACertificateName"'),
    malformed({ CACertificate: 'hello' }, '"CACertificate"'),
  ],
  DescribeServerCertificates: [malformed({ RegionId: 'Mars 1' }, '"RegionId"')],
  DescribeCACertificates: [malformed({ RegionId: 'Mars 1' }, '"RegionId"')],
  DeleteServerCertificate: [missing({}, 'ServerCertificateId'), malformed({ ServerCertificateId: 'cert-1', RegionId: 'Mars 1' }, '"RegionId"')],
  DeleteCACertificate: [missing({}, 'CACertificateId'), malformed({ CACertificateId: 'ca-main', RegionId: 'Mars 1' }, '"RegionId"')],
  SetServerCertificateName: [
    missing({ ServerCertificateId: 'cert-1' }, 'ServerCertificateName'),
    range({ ServerCertificateId: 'cert-1', ServerCertificateName: 'n'.repeat(81) }, '"ServerCertificateName"'),
    malformed({ ServerCertificateId: 'cert-1', ServerCertificateName: '-dash' }, '"ServerCertificateName"'),
  ],
  SetCACertificateName: [
    missing({ CACertificateId: 'ca-main' }, 'CACertificateName'),
    range({ CACertificateId: 'ca-main', CACertificateName: 'n'.repeat(81) }, '"CACertificateName"'),
    malformed({ CACertificateId: 'ca-main', CACertificateName: '-dash' }, '"CACertificateName"'),
  ],

  CreateRules: [
    missing({ ...LB, ListenerPort: '80' }, 'RuleList'),
    range({ ...LB, ListenerPort: '80', RuleList: json([{ RuleName: 'n'.repeat(41), Url: '/x', VServerGroupId: 'rsp-api' }]) }, 'RuleName'),
    malformed({ ...LB, ListenerPort: '80', RuleList: '[{' }, 'RuleList', 'RuleListMalformed'),
  ],
  DeleteRules: [missing({}, 'RuleIds'), range({ RuleIds: json(Array.from({ length: 2001 }, (_, i) => `rule-${i}`)) }, 'RuleIds'), malformed({ RuleIds: 'rule-old0' }, 'RuleIds')],
  SetRule: [missing({ RuleName: 'x' }, 'RuleId'), range({ RuleId: 'rule-old0', RuleName: 'n'.repeat(41) }, '"RuleName"'), malformed({ RuleId: 'rule-old0', ListenerSync: 'yes' }, '"ListenerSync"')],
  DescribeRules: [missing({ ...LB }, 'ListenerPort'), range({ ...LB, ListenerPort: '0' }, '"ListenerPort"'), malformed({ ...LB, ListenerPort: '80', ListenerProtocol: 'sctp' }, '"ListenerProtocol"')],
  DescribeRuleAttribute: [missing({}, 'RuleId'), malformed({ RuleId: 'rule-old0', RegionId: 'Mars 1' }, '"RegionId"')],

  CreateVServerGroup: [
    missing({ VServerGroupName: 'g' }, 'LoadBalancerId'),
    range({ ...LB, BackendServers: json([{ ServerId: 'i-aa', Port: 8080, Weight: 101 }]) }, 'Weight', 'InvalidWeight.Malformed'),
    malformed({ ...LB, BackendServers: '[{' }, 'BackendServers', 'BackendServersMalformed'),
  ],
  SetVServerGroupAttribute: [
    missing({ VServerGroupName: 'g' }, 'VServerGroupId'),
    range({ VServerGroupId: 'rsp-web', BackendServers: json([{ ServerId: 'i-aa', Port: 8080, Weight: 101 }]) }, 'Weight', 'InvalidWeight.Malformed'),
    malformed({ VServerGroupId: 'rsp-web', BackendServers: '{"ServerId":"i-aa"}' }, 'BackendServers', 'BackendServersMalformed'),
  ],
  AddVServerGroupBackendServers: [
    missing({ VServerGroupId: 'rsp-web' }, 'BackendServers'),
    range({ VServerGroupId: 'rsp-web', BackendServers: json([{ ServerId: 'i-bb', Port: 65536 }]) }, 'Port'),
    malformed({ VServerGroupId: 'rsp-web', BackendServers: '[{' }, 'BackendServers', 'BackendServersMalformed'),
  ],
  RemoveVServerGroupBackendServers: [
    missing({ VServerGroupId: 'rsp-web' }, 'BackendServers'),
    range({ VServerGroupId: 'rsp-web', BackendServers: json([{ ServerId: 'i-aa', Port: 0 }]) }, 'Port'),
    malformed({ VServerGroupId: 'rsp-web', BackendServers: '[{' }, 'BackendServers', 'BackendServersMalformed'),
  ],
  ModifyVServerGroupBackendServers: [
    missing({ VServerGroupId: 'rsp-web', OldBackendServers: json([{ ServerId: 'i-aa', Port: 8080 }]) }, 'NewBackendServers'),
    range({ VServerGroupId: 'rsp-web', OldBackendServers: json([{ ServerId: 'i-aa', Port: 8080 }]), NewBackendServers: json([{ ServerId: 'i-bb', Port: 8080, Weight: -1 }]) }, 'Weight', 'InvalidWeight.Malformed'),
    malformed({ VServerGroupId: 'rsp-web', OldBackendServers: '[{', NewBackendServers: json([{ ServerId: 'i-bb', Port: 8080 }]) }, 'OldBackendServers', 'BackendServersMalformed'),
  ],
  DeleteVServerGroup: [missing({}, 'VServerGroupId'), malformed({ VServerGroupId: 'rsp-api', RegionId: 'Mars 1' }, '"RegionId"')],

  CreateMasterSlaveServerGroup: [
    missing({ ...LB }, 'MasterSlaveBackendServers'),
    range(
      { ...LB, MasterSlaveBackendServers: json([{ ServerId: 'i-aa', Port: 70000, ServerType: 'Master' }, { ServerId: 'i-bb', Port: 80, ServerType: 'Slave' }]) },
      'MasterSlaveBackendServers[0].Port',
    ),
    malformed({ ...LB, MasterSlaveBackendServers: '[{' }, 'MasterSlaveBackendServers', 'BackendServersMalformed'),
  ],
  DescribeMasterSlaveServerGroups: [missing({}, 'LoadBalancerId'), malformed({ ...LB, IncludeListener: 'yes' }, '"IncludeListener"')],
  DescribeMasterSlaveServerGroupAttribute: [missing({}, 'MasterSlaveServerGroupId'), malformed({ MasterSlaveServerGroupId: 'rsp-sim0001', RegionId: 'Mars 1' }, '"RegionId"')],
  DeleteMasterSlaveServerGroup: [missing({}, 'MasterSlaveServerGroupId'), malformed({ MasterSlaveServerGroupId: 'rsp-sim0001', RegionId: 'Mars 1' }, '"RegionId"')],

  AddBackendServers: [
    missing({ ...LB }, 'BackendServers'),
    range({ ...LB, BackendServers: json([{ ServerId: 'i-aa', Weight: 101 }]) }, 'Weight', 'InvalidWeight.Malformed'),
    malformed({ ...LB, BackendServers: 'i-aa' }, 'BackendServers', 'BackendServersMalformed'),
  ],
  SetBackendServers: [
    missing({ ...LB }, 'BackendServers'),
    range({ ...LB, BackendServers: json([{ ServerId: 'i-aa', Weight: 101 }]) }, 'Weight', 'InvalidWeight.Malformed'),
    malformed({ ...LB, BackendServers: '[{' }, 'BackendServers', 'BackendServersMalformed'),
  ],
  RemoveBackendServers: [
    missing({ ...LB }, 'BackendServers'),
    range({ ...LB, BackendServers: json(Array.from({ length: 21 }, (_, i) => `i-x${i}`)) }, 'BackendServers', 'TooManyBackendServers'),
    malformed({ ...LB, BackendServers: '[{' }, 'BackendServers', 'BackendServersMalformed'),
  ],

  DescribeMetricList: [
    missing({ Namespace: 'acs_slb_dashboard' }, 'MetricName'),
    range({ Namespace: 'acs_slb_dashboard', MetricName: 'NewConnection', Period: '61' }, '"Period"'),
    malformed({ Namespace: 'acs_slb_dashboard', MetricName: 'NewConnection', Dimensions: '[{' }, '"Dimensions"'),
  ],
  DescribeMetricLast: [
    missing({ MetricName: 'NewConnection' }, 'Namespace'),
    range({ Namespace: 'acs_slb_dashboard', MetricName: 'NewConnection', Length: '1001' }, '"Length"'),
    malformed({ Namespace: 'acs_slb_dashboard', MetricName: 'NewConnection', StartTime: 'yesterday' }, '"StartTime"'),
  ],

  SimSetClientPopulation: [
    missing({ ...LB, ListenerPort: '22' }, 'ConnectionsPerSecond'),
    range({ ...LB, ListenerPort: '22', ConnectionsPerSecond: '1000001' }, '"ConnectionsPerSecond"'),
    malformed({ ...LB, ListenerPort: '22', ConnectionsPerSecond: 'fast' }, '"ConnectionsPerSecond"'),
  ],
  SimDeleteClientPopulation: [missing({ ...LB }, 'PopulationId'), malformed({ PopulationId: 'clients-22', LoadBalancerId: LB_ID, RegionId: 'Mars 1' }, '"RegionId"')],
  SimDescribeClientPopulations: [missing({}, 'LoadBalancerId'), range({ ...LB, ListenerPort: '0' }, '"ListenerPort"'), malformed({ ...LB, ListenerPort: 'x' }, '"ListenerPort"')],
  SimDescribeClock: [malformed({ LoadBalancerId: LB_ID, RegionId: 'Mars 1' }, '"RegionId"')],

  CreateAccessControlList: [missing({}, 'AclName'), range({ AclName: 'n'.repeat(81) }, '"AclName"'), malformed({ AclName: 'a b' }, '"AclName"')],
  DeleteAccessControlList: [missing({}, 'AclId'), malformed({ AclId: 'acl-spare', RegionId: 'Mars 1' }, '"RegionId"')],
  SetAccessControlListAttribute: [missing({ AclId: 'acl-spare' }, 'AclName'), range({ AclId: 'acl-spare', AclName: 'n'.repeat(81) }, '"AclName"'), malformed({ AclId: 'acl-spare', AclName: 'bad name!' }, '"AclName"')],
  AddAccessControlListEntry: [
    missing({ AclId: 'acl-spare' }, 'AclEntrys'),
    range({ AclId: 'acl-spare', AclEntrys: json([{ entry: '10.0.0.0/33' }]) }, 'AclEntrys[0].entry', 'AclEntryIllegal'),
    malformed({ AclId: 'acl-spare', AclEntrys: '10.0.0.0/8' }, 'AclEntrys', 'AclEntryIllegal'),
  ],
  RemoveAccessControlListEntry: [
    missing({ AclId: 'acl-office' }, 'AclEntrys'),
    range({ AclId: 'acl-office', AclEntrys: json([{ entry: '100.0.0.0/33' }]) }, 'AclEntrys[0].entry', 'AclEntryIllegal'),
    malformed({ AclId: 'acl-office', AclEntrys: 'x' }, 'AclEntrys', 'AclEntryIllegal'),
  ],
  DescribeAccessControlLists: [range({ PageSize: '51' }, '"PageSize"'), malformed({ AddressIPVersion: 'ip4' }, '"AddressIPVersion"')],
  DescribeAccessControlListAttribute: [missing({}, 'AclId'), range({ AclId: 'acl-office', PageSize: '51' }, '"PageSize"'), malformed({ AclId: 'acl-office', Page: 'first' }, '"Page"')],
};

/**
 * Every resource the rows name: the base instance (HTTP 80 on rsp-web, HTTPS 443 with cert-1,
 * TCP 22 with a white list, UDP 53), a rule on HTTP 80, a CA certificate, two ACLs, a
 * master-slave group (rsp-sim0001) and a client population on TCP 22 (clients-22).
 */
function fullPlane(): ControlPlaneState {
  const base = baseScenario();
  const state = plane({
    ...base,
    listeners: [
      ...base.listeners!.map((l) =>
        l.ListenerPort === 80
          ? { ...l, Rules: [{ RuleId: 'rule-old0', RuleName: 'old0', Url: '/old0', VServerGroupId: 'rsp-api' }] }
          : l.ListenerPort === 22
            ? { ...l, AclStatus: 'on' as const, AclType: 'white' as const, AclId: 'acl-office' }
            : l,
      ),
      { ListenerProtocol: 'udp', ListenerPort: 53, BackendServerPort: 53 },
    ],
    caCertificates: [{ CACertificateId: 'ca-main' }],
    acls: [
      { AclId: 'acl-office', AclName: 'office', AclEntrys: [{ AclEntryIP: '100.0.0.0/24', AclEntryComment: 'hq' }] },
      { AclId: 'acl-spare', AclName: 'spare' },
    ],
  });
  ok(state, 'CreateMasterSlaveServerGroup', {
    ...LB,
    MasterSlaveBackendServers: json([
      { ServerId: 'i-aa', Port: 8080, ServerType: 'Master' },
      { ServerId: 'i-bb', Port: 8080, ServerType: 'Slave' },
    ]),
  });
  ok(state, 'SimSetClientPopulation', { ...LB, ListenerPort: '22', ConnectionsPerSecond: '10', PopulationId: 'clients-22' });
  return state;
}

describe('every action has its validation rows', () => {
  it('the table names exactly the actions the router serves', () => {
    expect(Object.keys(ROWS).sort()).toEqual([...SERVED_ACTIONS].sort());
  });

  it.each([...SERVED_ACTIONS])('%s: a missing, an out-of-range and a malformed row, unless it has no such parameter', (action) => {
    const kinds = new Set((ROWS[action] ?? []).map((r) => r.kind));
    expect(kinds.has('malformed'), 'malformed').toBe(true);
    expect(kinds.has('missing'), 'missing').toBe(!NOTHING_REQUIRED.has(action));
    expect(kinds.has('range'), 'out of range').toBe(!NOTHING_RANGED.has(action));
  });
});

describe('missing, out-of-range and malformed parameters answer the documented code and change nothing', () => {
  const cases = Object.entries(ROWS).flatMap(([action, rows]) => rows.map((row) => [action, row.kind, row.params, row.refusal] as const));
  it.each(cases)('%s, %s: %j → %j', (action, _kind, params, refusal) => {
    refused(fullPlane(), action, params, refusal);
  });
});
