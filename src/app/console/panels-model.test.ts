import { describe, expect, it } from 'vitest';
import {
  aclEntries,
  canReupload,
  errorField,
  knownInstances,
  namedParameter,
  parseAclAttribute,
  parseAclList,
  parseCertificates,
  parseGroupList,
  parseGroupServers,
  parseRules,
  ruleEntry,
  ruleListeners,
  serverEntries,
  uploadRequest,
} from './panels-model';
import type { SlbFailure } from './slb-client';

const failure = (code: string, message: string, parameter?: string): SlbFailure => ({
  ok: false,
  status: 400,
  code,
  message,
  requestId: undefined,
  kind: 'invalid',
  parameter,
});

describe('errorField', () => {
  const RULE = ['RuleName', 'Domain', 'Url', 'VServerGroupId'] as const;
  it('reads the field of one entry of a JSON list parameter', () => {
    const e = failure('UrlMalformed', 'The specified parameter "RuleList[0].Url" is not valid: …', 'RuleList');
    expect(namedParameter(e)).toBe('RuleList[0].Url');
    expect(errorField(e, RULE, 'RuleName')).toBe('Url');
  });
  it('matches the last part case-insensitively (AclEntrys[0].entry)', () => {
    expect(
      errorField(failure('AclEntryIllegal', 'The specified parameter "AclEntrys[2].entry" is not valid'), ['Entry', 'Comment'], 'Comment'),
    ).toBe('Entry');
  });
  it('falls back to the code when the message names no parameter', () => {
    const e = failure('CertificateNotMatchPrivateKey', 'Certificate and key does not match: …');
    expect(errorField(e, ['ServerCertificate', 'PrivateKey'], 'ServerCertificate', { CertificateNotMatchPrivateKey: 'PrivateKey' })).toBe(
      'PrivateKey',
    );
  });
  it('then to a field the message names, then to the fallback', () => {
    expect(errorField(failure('InvalidParameter', 'The specified VServerGroupId does not exist: "rsp-x".'), RULE, 'RuleName')).toBe(
      'VServerGroupId',
    );
    expect(errorField(failure('DomainExist', 'A rule with Domain … exists'), RULE, 'RuleName', { DomainExist: 'Domain' })).toBe('Domain');
    expect(errorField(failure('Throttling', 'slow down'), RULE, 'RuleName')).toBe('RuleName');
  });
  it('takes a plain parameter as it is', () => {
    expect(
      errorField(
        failure('InvalidParameter', 'The specified parameter "VServerGroupName" is not valid'),
        ['VServerGroupName', 'BackendServers'],
        'BackendServers',
      ),
    ).toBe('VServerGroupName');
  });
});

describe('VServer groups', () => {
  it('reads the group list with the listeners and rules that use each group', () => {
    const body = {
      VServerGroups: {
        VServerGroup: [
          {
            VServerGroupId: 'rsp-web',
            VServerGroupName: 'web',
            AssociatedObjects: { Listeners: { Listener: [{ Port: 80, Protocol: 'http' }] }, Rules: { Rule: [{ RuleId: 'rule-1' }] } },
          },
          { VServerGroupId: 'rsp-2', VServerGroupName: '' },
        ],
      },
    };
    expect(parseGroupList(body)).toEqual([
      { id: 'rsp-web', name: 'web', usedBy: ['HTTP:80', 'rule-1'] },
      { id: 'rsp-2', name: '', usedBy: [] },
    ]);
    expect(parseGroupList({})).toEqual([]);
  });
  it('reads servers as text and sends them back trimmed, an empty weight left out', () => {
    const servers = parseGroupServers({
      BackendServers: { BackendServer: [{ ServerId: 'i-1', Port: 80, Weight: 5, ServerIp: '10.0.0.1' }] },
    });
    expect(servers).toEqual([{ ServerId: 'i-1', Port: '80', Weight: '5', ServerIp: '10.0.0.1' }]);
    expect(serverEntries([{ ServerId: ' i-2 ', Port: ' 81', Weight: ' ' }])).toEqual([{ ServerId: 'i-2', Port: '81', Weight: undefined }]);
  });
  it('offers each known ECS instance once, sorted', () => {
    const view = { backendServers: [{ ServerId: 'i-b', Weight: '', Type: '', ServerIp: '' }] };
    const groups = [
      {
        servers: [
          { ServerId: 'i-a', Port: '1', Weight: '', ServerIp: '' },
          { ServerId: 'i-b', Port: '2', Weight: '', ServerIp: '' },
        ],
      },
    ];
    expect(knownInstances(view, groups)).toEqual(['i-a', 'i-b']);
  });
});

describe('forwarding rules', () => {
  it('reads rules, with missing Domain or Url as empty text', () => {
    expect(parseRules({ Rules: { Rule: [{ RuleId: 'r1', RuleName: 'a', Url: '/a', VServerGroupId: 'g' }] } })).toEqual([
      { RuleId: 'r1', RuleName: 'a', Domain: '', Url: '/a', VServerGroupId: 'g' },
    ]);
  });
  it('leaves an empty Domain or Url out of the RuleList entry', () => {
    expect(ruleEntry({ RuleName: ' a ', Domain: ' ', Url: '/x ', VServerGroupId: 'g' })).toEqual({
      RuleName: 'a',
      Domain: undefined,
      Url: '/x',
      VServerGroupId: 'g',
    });
  });
  it('lists only HTTP and HTTPS listeners', () => {
    const listener = (protocol: 'tcp' | 'http' | 'https', port: number) => ({
      protocol,
      port,
      attributes: undefined,
      error: undefined,
      health: { normal: 0, abnormal: 0, unavailable: 0 },
    });
    expect(ruleListeners({ listeners: [listener('tcp', 22), listener('http', 80), listener('https', 443)] })).toEqual([
      { protocol: 'http', port: 80 },
      { protocol: 'https', port: 443 },
    ]);
    expect(ruleListeners({ listeners: [listener('tcp', 22)] })).toEqual([]);
  });
});

describe('certificates', () => {
  it('reads server and CA certificates into one list', () => {
    const server = {
      ServerCertificates: {
        ServerCertificate: [
          {
            ServerCertificateId: 's1',
            ServerCertificateName: 'n',
            CommonName: 'a.com',
            Fingerprint: 'aa:bb',
            ExpireTime: '2030-01-01T00:00Z',
          },
        ],
      },
    };
    const ca = {
      CACertificates: { CACertificate: [{ CACertificateId: 'c1', CACertificateName: '', Fingerprint: 'cc', ExpireTime: 't' }] },
    };
    expect(parseCertificates(server, ca)).toEqual([
      { kind: 'server', id: 's1', name: 'n', commonName: 'a.com', fingerprint: 'aa:bb', expireTime: '2030-01-01T00:00Z' },
      { kind: 'ca', id: 'c1', name: '', commonName: '', fingerprint: 'cc', expireTime: 't' },
    ]);
  });
  it('re-uploads with the PEM kept, and only when the page holds it', () => {
    expect(uploadRequest('server', 'n', { certificate: 'C', key: 'K' })).toEqual({
      action: 'UploadServerCertificate',
      params: { ServerCertificateName: 'n', ServerCertificate: 'C', PrivateKey: 'K' },
    });
    expect(uploadRequest('ca', '', { certificate: 'C' })).toEqual({
      action: 'UploadCACertificate',
      params: { CACertificateName: undefined, CACertificate: 'C' },
    });
    expect(canReupload('server', undefined)).toBe(false);
    expect(canReupload('server', { certificate: 'C' })).toBe(false);
    expect(canReupload('server', { certificate: 'C', key: 'K' })).toBe(true);
    expect(canReupload('ca', { certificate: 'C' })).toBe(true);
  });
});

describe('ACLs', () => {
  it('reads ACLs, their entries and the listeners that apply them', () => {
    expect(parseAclList({ Acls: { Acl: [{ AclId: 'acl-1', AclName: 'office', AddressIPVersion: 'ipv4' }] } })).toEqual([
      { id: 'acl-1', name: 'office', version: 'ipv4' },
    ]);
    expect(
      parseAclAttribute({
        AclEntrys: { AclEntry: [{ AclEntryIP: '10.0.0.0/8', AclEntryComment: 'lan' }, { AclEntryIP: '1.2.3.4/32' }] },
        RelatedListeners: { RelatedListener: [{ ListenerPort: 80, Protocol: 'http' }] },
      }),
    ).toEqual({
      entries: [
        { entry: '10.0.0.0/8', comment: 'lan' },
        { entry: '1.2.3.4/32', comment: '' },
      ],
      listeners: ['HTTP:80'],
    });
  });
  it('sends entries with the API lower-case keys, an empty comment left out', () => {
    expect(
      aclEntries([
        { entry: ' 10.0.0.0/8', comment: '' },
        { entry: '1.2.3.4', comment: ' x ' },
      ]),
    ).toBe('[{"entry":"10.0.0.0/8"},{"entry":"1.2.3.4","comment":"x"}]');
  });
});
