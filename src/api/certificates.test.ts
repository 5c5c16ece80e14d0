import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { attached, nested, type OneLbInput } from './api-test-helpers';
import { checkClientHello } from '../engine/tengine/tls';
import { parseScenario } from '../scenario/validate';
import { RSA_KEY_SIZES, SIMULATED_ACCOUNT_ID } from './actions/certificates';
import { handleRpc } from './router';
import { createControlPlane, type CommittedChange, type ControlPlaneState } from './state';

/** Test data made by fixtures/generate.sh (throw-away keys; see fixtures/README.md). */
const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

/** An HTTPS listener on 443 with a hand-written certificate, an extra domain's, and mutual TLS. */
const https: OneLbInput = {
  name: 'certificates',
  loadBalancer: { LoadBalancerId: 'lb-certs0001', RegionId: 'cn-hangzhou' },
  listeners: [
    {
      ListenerProtocol: 'https',
      ListenerPort: 443,
      BackendServerPort: 80,
      ServerCertificateId: 'cert-main',
      CACertificateId: 'ca-main',
      DomainExtensions: [{ Domain: 'api.example.com', ServerCertificateId: 'cert-api' }],
    },
    { ListenerProtocol: 'https', ListenerPort: 8443, BackendServerPort: 80, ServerCertificateId: 'cert-main' },
  ],
  ...attached([{ ServerId: 'i-aa', PrivateIp: '10.0.0.1' }]),
  serverCertificates: [{ ServerCertificateId: 'cert-main' }, { ServerCertificateId: 'cert-api' }, { ServerCertificateId: 'cert-spare' }],
  caCertificates: [{ CACertificateId: 'ca-main' }, { CACertificateId: 'ca-spare' }],
};

interface Plane {
  state: ControlPlaneState;
  commits: CommittedChange[];
}

function plane(input: OneLbInput = https): Plane {
  const state = createControlPlane(parseScenario(nested(input)));
  const commits: CommittedChange[] = [];
  state.onCommit = (change) => commits.push(change);
  return { state, commits };
}

const call = ({ state }: Plane, action: string, params: Record<string, string> = {}) => handleRpc(state, { Action: action, ...params });

const RSA = { ServerCertificate: fixture('rsa2048.cert.pem'), PrivateKey: fixture('rsa2048.test-key.pem') };
const EC = { ServerCertificate: fixture('ec256.cert.pem'), PrivateKey: fixture('ec256.test-key.pem') };

describe('UploadServerCertificate', () => {
  it('reads the certificate and answers the API fields; the scenario keeps the facts, not the PEM', () => {
    const p = plane();
    const { status, body } = call(p, 'UploadServerCertificate', { RegionId: 'cn-hangzhou', ServerCertificateName: 'www-2036', ...RSA });
    expect(status).toBe(200);
    expect(body).toEqual({
      RequestId: expect.any(String),
      ServerCertificateId: `${SIMULATED_ACCOUNT_ID}_24b8ca19443`,
      ServerCertificateName: 'www-2036',
      Fingerprint: '24:b8:ca:19:44:30:0e:31:f8:30:6e:d4:ae:75:a5:e6:5c:a1:79:50',
      CommonName: 'www.example.com',
      SubjectAlternativeNames: { SubjectAlternativeName: ['www.example.com', 'example.com', 'api.example.com'] },
      ExpireTime: '2036-01-01T12:00:00Z',
      ExpireTimeStamp: Date.UTC(2036, 0, 1, 12),
      CreateTime: p.state.createTime,
      CreateTimeStamp: Date.parse(p.state.createTime),
      RegionId: 'cn-hangzhou',
      RegionIdAlias: 'cn-hangzhou',
      IsAliCloudCertificate: 0,
      AliCloudCertificateId: '',
      AliCloudCertificateName: '',
      EncryptionAlgorithm: 'RSA',
    });
    expect(p.state.scenario.serverCertificates.at(-1)).toEqual({
      ServerCertificateId: `${SIMULATED_ACCOUNT_ID}_24b8ca19443`,
      ServerCertificateName: 'www-2036',
      CommonName: 'www.example.com',
      SubjectAlternativeNames: ['www.example.com', 'example.com', 'api.example.com'],
      ExpireTime: '2036-01-01T12:00:00Z',
      EncryptionAlgorithm: 'RSA',
      Fingerprint: '24:b8:ca:19:44:30:0e:31:f8:30:6e:d4:ae:75:a5:e6:5c:a1:79:50',
    });
    const saved = JSON.stringify(p.state.scenario);
    expect(saved).not.toContain('PRIVATE KEY');
    expect(saved).not.toContain('BEGIN CERTIFICATE');
    expect(saved).not.toContain(RSA.PrivateKey.split('\n')[1]);
    expect(p.commits.map((c) => c.action)).toEqual(['UploadServerCertificate']);
  });

  const accepted: [string, Record<string, string>, Record<string, unknown>][] = [
    [
      'EC P-256 with a SEC1 key (and its EC PARAMETERS block)',
      EC,
      { CommonName: '*.shop.example.com', EncryptionAlgorithm: 'ECC', ExpireTime: '2031-03-15T08:30:00Z' },
    ],
    ['EC P-256 with a PKCS#8 key', { ...EC, PrivateKey: fixture('ec256.pkcs8.test-key.pem') }, { EncryptionAlgorithm: 'ECC' }],
    ['RSA with a PKCS#8 key', { ...RSA, PrivateKey: fixture('rsa2048.pkcs8.test-key.pem') }, { EncryptionAlgorithm: 'RSA' }],
    [
      'RSA 1024',
      { ServerCertificate: fixture('rsa1024.cert.pem'), PrivateKey: fixture('rsa1024.test-key.pem') },
      { CommonName: 'rsa1024.example.com' },
    ],
    [
      'RSA 4096',
      { ServerCertificate: fixture('rsa4096.cert.pem'), PrivateKey: fixture('rsa4096.test-key.pem') },
      { CommonName: 'rsa4096.example.com' },
    ],
    [
      'an expired certificate (the engine fails clients after ExpireTime)',
      { ...RSA, ServerCertificate: fixture('expired.cert.pem') },
      { ExpireTime: '2021-01-01T00:00:00Z', ExpireTimeStamp: Date.UTC(2021, 0, 1) },
    ],
    [
      'a certificate not valid before 2040',
      { ...RSA, ServerCertificate: fixture('future.cert.pem') },
      { ExpireTime: '2041-01-01T00:00:00Z', SubjectAlternativeNames: { SubjectAlternativeName: [] } },
    ],
    [
      'a chain: facts from the first certificate',
      { ...RSA, ServerCertificate: fixture('rsa2048.cert.pem') + fixture('ca.cert.pem') },
      { CommonName: 'www.example.com' },
    ],
    [
      'no common name: the first DNS name stands in',
      { ...RSA, ServerCertificate: fixture('san-only.cert.pem') },
      { CommonName: 'san-only.example.com' },
    ],
    [
      'CRLF line ends',
      { ServerCertificate: RSA.ServerCertificate.replace(/\n/g, '\r\n'), PrivateKey: RSA.PrivateKey.replace(/\n/g, '\r\n') },
      { CommonName: 'www.example.com' },
    ],
    ['no name: the name is empty', RSA, { ServerCertificateName: '' }],
  ];
  it.each(accepted)('accepts %s', (_name, params, expected) => {
    const p = plane();
    const { status, body } = call(p, 'UploadServerCertificate', params);
    expect(status).toBe(200);
    expect(body).toMatchObject(expected);
    expect(p.state.scenario.serverCertificates).toHaveLength(4);
  });

  it('documents RSA key sizes 1024, 2048 and 4096', () => {
    expect(RSA_KEY_SIZES).toEqual([1024, 2048, 4096]);
  });

  it('gives a second upload of the same certificate its own ID', () => {
    const p = plane();
    const first = call(p, 'UploadServerCertificate', RSA).body['ServerCertificateId'];
    const second = call(p, 'UploadServerCertificate', RSA).body['ServerCertificateId'];
    const third = call(p, 'UploadServerCertificate', RSA).body['ServerCertificateId'];
    expect([first, second, third]).toEqual([
      `${SIMULATED_ACCOUNT_ID}_24b8ca19443`,
      `${SIMULATED_ACCOUNT_ID}_24b8ca19443_2`,
      `${SIMULATED_ACCOUNT_ID}_24b8ca19443_3`,
    ]);
  });

  it('derives the ID from the certificate, so replaying the calls in another order or session gives the same IDs', () => {
    const a = plane();
    call(a, 'UploadServerCertificate', RSA);
    call(a, 'UploadServerCertificate', EC);
    const b = plane();
    call(b, 'DescribeServerCertificates');
    call(b, 'UploadServerCertificate', EC);
    call(b, 'UploadServerCertificate', RSA);
    const ids = (p: Plane) => p.state.scenario.serverCertificates.map((c) => c.ServerCertificateId).sort();
    expect(ids(a)).toEqual(ids(b));
  });

  it('an uploaded expired certificate fails client validation in the engine', () => {
    const p = plane();
    const id = call(p, 'UploadServerCertificate', { ...RSA, ServerCertificate: fixture('expired.cert.pem') }).body[
      'ServerCertificateId'
    ] as string;
    const scenario = parseScenario(nested({
      ...https,
      serverCertificates: p.state.scenario.serverCertificates,
      listeners: [{ ...https.listeners![0]!, ServerCertificateId: id, CACertificateId: undefined }],
    }));
    const check = checkClientHello(
      scenario,
      scenario.listeners[0]!,
      { maxVersion: '1.3', resumption: 0, clientCertificate: false },
      'old.example.com',
      Date.UTC(2026, 0, 1),
    );
    expect(check.failure).toBe('certificate_expired');
    expect(check.why).toContain('2021-01-01T00:00:00Z');
  });
});

/** [case, action, params, status, code, message] — every call must leave the scenario as it was. */
type Rejection = [string, string, Record<string, string>, number, string, RegExp];

const rejections: Rejection[] = [
  [
    'certificate missing',
    'UploadServerCertificate',
    { PrivateKey: RSA.PrivateKey },
    400,
    'InvalidParameter',
    /"ServerCertificate".*is empty/,
  ],
  [
    'certificate empty',
    'UploadServerCertificate',
    { ServerCertificate: '', PrivateKey: RSA.PrivateKey },
    400,
    'InvalidParameter',
    /"ServerCertificate".*is empty/,
  ],
  [
    'private key missing',
    'UploadServerCertificate',
    { ServerCertificate: RSA.ServerCertificate },
    400,
    'InvalidParameter',
    /"PrivateKey".*is empty/,
  ],
  [
    'certificate not PEM',
    'UploadServerCertificate',
    { ...RSA, ServerCertificate: 'MIIB' },
    400,
    'InvalidParameter',
    /"ServerCertificate".*line 1 is outside any -----BEGIN/,
  ],
  [
    'certificate truncated',
    'UploadServerCertificate',
    { ...RSA, ServerCertificate: RSA.ServerCertificate.split('\n').slice(0, 6).join('\n') + '\n-----END CERTIFICATE-----\n' },
    400,
    'InvalidParameter',
    /"ServerCertificate".*not valid DER/,
  ],
  [
    'certificate without END',
    'UploadServerCertificate',
    { ...RSA, ServerCertificate: RSA.ServerCertificate.replace('-----END CERTIFICATE-----', '') },
    400,
    'InvalidParameter',
    /"ServerCertificate".*has no -----END CERTIFICATE----- line/,
  ],
  [
    'key where the certificate belongs',
    'UploadServerCertificate',
    { ServerCertificate: RSA.PrivateKey, PrivateKey: RSA.PrivateKey },
    400,
    'InvalidParameter',
    /"ServerCertificate".*RSA PRIVATE KEY; expected CERTIFICATE/,
  ],
  [
    'private key not PEM',
    'UploadServerCertificate',
    { ...RSA, PrivateKey: 'secret' },
    400,
    'InvalidParameter',
    /"PrivateKey".*outside any/,
  ],
  [
    'private key not a key',
    'UploadServerCertificate',
    { ...RSA, PrivateKey: '-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n' },
    400,
    'InvalidParameter',
    /"PrivateKey".*RSA PRIVATE KEY/,
  ],
  [
    'certificate where the key belongs',
    'UploadServerCertificate',
    { ...RSA, PrivateKey: RSA.ServerCertificate },
    400,
    'InvalidParameter',
    /"PrivateKey".*holds a CERTIFICATE block/,
  ],
  [
    'another RSA key',
    'UploadServerCertificate',
    { ...RSA, PrivateKey: fixture('other-rsa2048.test-key.pem') },
    400,
    'CertificateNotMatchPrivateKey',
    /RSA modulus is not the certificate's/,
  ],
  [
    'another EC key',
    'UploadServerCertificate',
    { ...EC, PrivateKey: fixture('other-ec256.test-key.pem') },
    400,
    'CertificateNotMatchPrivateKey',
    /EC public point is not the certificate's/,
  ],
  [
    'an EC key for an RSA certificate',
    'UploadServerCertificate',
    { ...RSA, PrivateKey: EC.PrivateKey },
    400,
    'CertificateNotMatchPrivateKey',
    /certificate has an RSA key but the private key is ECC/,
  ],
  [
    'the 2048 key for the 4096 certificate',
    'UploadServerCertificate',
    { ServerCertificate: fixture('rsa4096.cert.pem'), PrivateKey: RSA.PrivateKey },
    400,
    'CertificateNotMatchPrivateKey',
    /modulus/,
  ],
  [
    'EC key without its public point',
    'UploadServerCertificate',
    { ...EC, PrivateKey: fixture('ec256.nopub.test-key.pem') },
    400,
    'InvalidParameter',
    /"PrivateKey".*carries no public key/,
  ],
  [
    'RSA 3072 (not a documented size)',
    'UploadServerCertificate',
    { ServerCertificate: fixture('rsa3072.cert.pem'), PrivateKey: fixture('rsa3072.test-key.pem') },
    400,
    'InvalidParameter',
    /"ServerCertificate".*3072-bit RSA key; the RSA key sizes taken are 1024, 2048, 4096 bits/,
  ],
  [
    'EC on secp256k1',
    'UploadServerCertificate',
    { ServerCertificate: fixture('k256.cert.pem'), PrivateKey: fixture('k256.test-key.pem') },
    400,
    'InvalidParameter',
    /"ServerCertificate".*secp256k1/,
  ],
  [
    'no domain at all',
    'UploadServerCertificate',
    { ...RSA, ServerCertificate: fixture('no-name.cert.pem') },
    400,
    'InvalidParameter',
    /"ServerCertificate".*no common name \(CN\) and it has no DNS/,
  ],
  [
    'encrypted PKCS#1 key',
    'UploadServerCertificate',
    { ...RSA, PrivateKey: fixture('rsa2048.encrypted.test-key.pem') },
    400,
    'PrivateKeyEncryption',
    /"PrivateKey" is encrypted/,
  ],
  [
    'encrypted PKCS#8 key',
    'UploadServerCertificate',
    { ...RSA, PrivateKey: fixture('rsa2048.pkcs8-encrypted.test-key.pem') },
    400,
    'PrivateKeyEncryption',
    /"PrivateKey" is encrypted/,
  ],
  [
    'name starting with a digit',
    'UploadServerCertificate',
    { ...RSA, ServerCertificateName: '1cert' },
    400,
    'InvalidParameter',
    /"ServerCertificateName".*start with an English letter/,
  ],
  [
    'name of 81 characters',
    'UploadServerCertificate',
    { ...RSA, ServerCertificateName: 'a'.repeat(81) },
    400,
    'InvalidParameter',
    /"ServerCertificateName".*1–80 characters/,
  ],
  [
    'name with a space',
    'UploadServerCertificate',
    { ...RSA, ServerCertificateName: 'my cert' },
    400,
    'InvalidParameter',
    /"ServerCertificateName"/,
  ],
  [
    'another region',
    'UploadServerCertificate',
    { ...RSA, RegionId: 'eu-central-1' },
    404,
    'InvalidRegionId.NotFound',
    /"eu-central-1".*one region, cn-hangzhou/,
  ],
  ['a malformed region', 'UploadServerCertificate', { ...RSA, RegionId: 'Hangzhou!' }, 400, 'InvalidParameter', /"RegionId"/],
  [
    'a Certificate Management Service certificate',
    'UploadServerCertificate',
    { AliCloudCertificateId: '775001' },
    400,
    'InvalidParameter',
    /"AliCloudCertificateId"/,
  ],
  ['CA certificate missing', 'UploadCACertificate', {}, 400, 'MissingParameter', /"CACertificate"/],
  ['CA certificate not PEM', 'UploadCACertificate', { CACertificate: 'ca' }, 400, 'InvalidParameter', /"CACertificate".*outside any/],
  [
    'CA certificate is a key',
    'UploadCACertificate',
    { CACertificate: RSA.PrivateKey },
    400,
    'InvalidParameter',
    /"CACertificate".*expected CERTIFICATE/,
  ],
  [
    'CA certificate with a private key',
    'UploadCACertificate',
    { CACertificate: fixture('ca.cert.pem'), PrivateKey: RSA.PrivateKey },
    400,
    'InvalidParameter',
    /"PrivateKey".*takes no private key/,
  ],
  [
    'CA name with a slash',
    'UploadCACertificate',
    { CACertificate: fixture('ca.cert.pem'), CACertificateName: 'ca/1' },
    400,
    'InvalidParameter',
    /"CACertificateName"/,
  ],
  ['delete without an ID', 'DeleteServerCertificate', {}, 400, 'MissingParameter', /"ServerCertificateId"/],
  [
    'delete an unknown certificate',
    'DeleteServerCertificate',
    { ServerCertificateId: 'cert-none' },
    404,
    'ServerCertificateId.NotFound',
    /"cert-none"/,
  ],
  [
    'delete the listener certificate',
    'DeleteServerCertificate',
    { ServerCertificateId: 'cert-main' },
    400,
    'CertificateAndPrivateKeyIsRefered',
    /"cert-main" is bound to the HTTPS listeners on port 443, 8443/,
  ],
  [
    'delete an extra domain certificate',
    'DeleteServerCertificate',
    { ServerCertificateId: 'cert-api' },
    400,
    'CertificateAndPrivateKeyIsRefered',
    /"cert-api" is bound to the HTTPS listener on port 443 of lb-certs0001;/,
  ],
  [
    'delete in another region',
    'DeleteServerCertificate',
    { ServerCertificateId: 'cert-spare', RegionId: 'us-west-1' },
    404,
    'InvalidRegionId.NotFound',
    /us-west-1/,
  ],
  ['delete a CA without an ID', 'DeleteCACertificate', {}, 400, 'MissingParameter', /"CACertificateId"/],
  ['delete an unknown CA', 'DeleteCACertificate', { CACertificateId: 'ca-none' }, 404, 'CACertificateId.NotFound', /"ca-none"/],
  [
    'delete the listener CA',
    'DeleteCACertificate',
    { CACertificateId: 'ca-main' },
    400,
    'CertificateAndPrivateKeyIsRefered',
    /CA certificate "ca-main" is bound to the HTTPS listener on port 443/,
  ],
  [
    'rename without a name',
    'SetServerCertificateName',
    { ServerCertificateId: 'cert-spare' },
    400,
    'MissingParameter',
    /"ServerCertificateName"/,
  ],
  [
    'rename without an ID',
    'SetServerCertificateName',
    { ServerCertificateName: 'spare' },
    400,
    'MissingParameter',
    /"ServerCertificateId"/,
  ],
  [
    'rename to a bad name',
    'SetServerCertificateName',
    { ServerCertificateId: 'cert-spare', ServerCertificateName: '-spare' },
    400,
    'InvalidParameter',
    /"ServerCertificateName"/,
  ],
  [
    'rename an unknown certificate',
    'SetServerCertificateName',
    { ServerCertificateId: 'cert-none', ServerCertificateName: 'x' },
    404,
    'ServerCertificateId.NotFound',
    /"cert-none"/,
  ],
  ['rename a CA without a name', 'SetCACertificateName', { CACertificateId: 'ca-spare' }, 400, 'MissingParameter', /"CACertificateName"/],
  [
    'rename an unknown CA',
    'SetCACertificateName',
    { CACertificateId: 'ca-none', CACertificateName: 'x' },
    404,
    'CACertificateId.NotFound',
    /"ca-none"/,
  ],
  [
    'rename a CA to a bad name',
    'SetCACertificateName',
    { CACertificateId: 'ca-spare', CACertificateName: 'ä' },
    400,
    'InvalidParameter',
    /"CACertificateName"/,
  ],
];

describe('rejected calls answer the API error and leave the state as it was', () => {
  it.each(rejections)('%s', (_name, action, params, status, code, message) => {
    const p = plane();
    const before = p.state.scenario;
    const snapshot = JSON.stringify(before);
    const response = call(p, action, params);
    expect(response.status).toBe(status);
    expect(response.body['Code']).toBe(code);
    expect(response.body['Message']).toMatch(message);
    expect(p.state.scenario).toBe(before);
    expect(JSON.stringify(p.state.scenario)).toBe(snapshot);
    expect(p.commits).toEqual([]);
  });

  it('at the quota of 100 certificates, another upload is OverQuota', () => {
    const full: OneLbInput = {
      ...https,
      serverCertificates: Array.from({ length: 100 }, (_, i) => ({
        ServerCertificateId: i < 3 ? ['cert-main', 'cert-api', 'cert-spare'][i]! : `cert-${i}`,
      })),
      caCertificates: Array.from({ length: 100 }, (_, i) => ({ CACertificateId: i < 2 ? ['ca-main', 'ca-spare'][i]! : `ca-${i}` })),
    };
    const p = plane(full);
    const before = p.state.scenario;
    expect(call(p, 'UploadServerCertificate', RSA).body['Code']).toBe('OverQuota');
    expect(call(p, 'UploadCACertificate', { CACertificate: fixture('ca.cert.pem') }).body['Code']).toBe('OverQuota');
    expect(p.state.scenario).toBe(before);
  });
});

describe('round trips', () => {
  it('server certificate: upload → describe → rename → delete', () => {
    const p = plane();
    const uploaded = call(p, 'UploadServerCertificate', { ...EC, ServerCertificateName: 'shop' }).body;
    const id = uploaded['ServerCertificateId'] as string;
    expect(id).toBe(`${SIMULATED_ACCOUNT_ID}_6fbe394e9b9`);

    const all = call(p, 'DescribeServerCertificates', { RegionId: 'cn-hangzhou' }).body['ServerCertificates'] as {
      ServerCertificate: Record<string, unknown>[];
    };
    expect(all.ServerCertificate.map((c) => c['ServerCertificateId'])).toEqual(['cert-main', 'cert-api', 'cert-spare', id]);
    const { RequestId: _ignored, ...fields } = uploaded;
    expect(all.ServerCertificate[3]).toEqual(fields);
    // A hand-written certificate has no fingerprint: Describe leaves the field out.
    expect(all.ServerCertificate[0]).not.toHaveProperty('Fingerprint');
    expect(all.ServerCertificate[0]).toMatchObject({
      CommonName: 'www.example.com',
      ExpireTime: '2099-01-01T00:00:00Z',
      ExpireTimeStamp: Date.UTC(2099, 0, 1),
    });

    const one = () =>
      call(p, 'DescribeServerCertificates', { ServerCertificateId: id }).body['ServerCertificates'] as {
        ServerCertificate: { ServerCertificateName: string }[];
      };
    expect(one().ServerCertificate).toHaveLength(1);
    expect(
      call(p, 'SetServerCertificateName', { ServerCertificateId: id, ServerCertificateName: 'shop-2031', RegionId: 'cn-hangzhou' }).status,
    ).toBe(200);
    expect(one().ServerCertificate[0]!.ServerCertificateName).toBe('shop-2031');

    expect(call(p, 'DeleteServerCertificate', { ServerCertificateId: id }).status).toBe(200);
    expect(one().ServerCertificate).toEqual([]);
    expect(p.state.scenario.serverCertificates.map((c) => c.ServerCertificateId)).toEqual(['cert-main', 'cert-api', 'cert-spare']);
    expect(p.commits.map((c) => c.action)).toEqual(['UploadServerCertificate', 'SetServerCertificateName', 'DeleteServerCertificate']);
    expect(p.commits[1]!.params).toEqual({ ServerCertificateId: id, ServerCertificateName: 'shop-2031', RegionId: 'cn-hangzhou' });
  });

  it('CA certificate: upload → describe → rename → delete', () => {
    const p = plane();
    const uploaded = call(p, 'UploadCACertificate', {
      CACertificate: fixture('ca.cert.pem'),
      CACertificateName: 'root',
      RegionId: 'cn-hangzhou',
    }).body;
    expect(uploaded).toMatchObject({
      CACertificateId: '6a95c8557c3-cn-hangzhou',
      CACertificateName: 'root',
      Fingerprint: '6a:95:c8:55:7c:30:ac:03:2a:e5:68:56:c0:03:bb:47:79:45:eb:fb',
      CommonName: 'SLB Simulator Test Root CA',
      ExpireTime: '2046-01-01T00:00:00Z',
      ExpireTimeStamp: Date.UTC(2046, 0, 1),
      RegionId: 'cn-hangzhou',
    });
    const id = uploaded['CACertificateId'] as string;
    expect(p.state.scenario.caCertificates.at(-1)).toEqual({
      CACertificateId: id,
      CACertificateName: 'root',
      ExpireTime: '2046-01-01T00:00:00Z',
      CommonName: 'SLB Simulator Test Root CA',
      Fingerprint: '6a:95:c8:55:7c:30:ac:03:2a:e5:68:56:c0:03:bb:47:79:45:eb:fb',
    });
    const list = () =>
      (
        call(p, 'DescribeCACertificates', { CACertificateId: id }).body['CACertificates'] as {
          CACertificate: { CACertificateName: string }[];
        }
      ).CACertificate;
    expect(list()).toHaveLength(1);
    expect(call(p, 'SetCACertificateName', { CACertificateId: id, CACertificateName: 'root-2046' }).status).toBe(200);
    expect(list()[0]!.CACertificateName).toBe('root-2046');
    expect(call(p, 'DeleteCACertificate', { CACertificateId: id }).status).toBe(200);
    expect(list()).toEqual([]);
    expect(p.commits.map((c) => c.action)).toEqual(['UploadCACertificate', 'SetCACertificateName', 'DeleteCACertificate']);
  });

  it('the same CA uploaded twice gets two IDs', () => {
    const p = plane();
    const ids = [1, 2].map(() => call(p, 'UploadCACertificate', { CACertificate: fixture('ca.cert.pem') }).body['CACertificateId']);
    expect(ids).toEqual(['6a95c8557c3-cn-hangzhou', '6a95c8557c3_2-cn-hangzhou']);
  });

  it('unused certificates can be deleted; a certificate an extension uses cannot', () => {
    const p = plane();
    expect(call(p, 'DeleteServerCertificate', { ServerCertificateId: 'cert-spare' }).status).toBe(200);
    expect(call(p, 'DeleteCACertificate', { CACertificateId: 'ca-spare' }).status).toBe(200);
    expect(call(p, 'DeleteServerCertificate', { ServerCertificateId: 'cert-api' }).body['Code']).toBe('CertificateAndPrivateKeyIsRefered');
    expect(p.state.scenario.serverCertificates.map((c) => c.ServerCertificateId)).toEqual(['cert-main', 'cert-api']);
    expect(p.state.scenario.caCertificates.map((c) => c.CACertificateId)).toEqual(['ca-main']);
  });
});

describe('Describe', () => {
  it('another region has no certificates; an unknown ID lists none', () => {
    const p = plane();
    expect(call(p, 'DescribeServerCertificates', { RegionId: 'eu-central-1' }).body['ServerCertificates']).toEqual({
      ServerCertificate: [],
    });
    expect(call(p, 'DescribeCACertificates', { RegionId: 'eu-central-1' }).body['CACertificates']).toEqual({ CACertificate: [] });
    expect(call(p, 'DescribeServerCertificates', { ServerCertificateId: 'cert-none' }).body['ServerCertificates']).toEqual({
      ServerCertificate: [],
    });
    expect(call(p, 'DescribeCACertificates', { CACertificateId: 'ca-none' }).body['CACertificates']).toEqual({ CACertificate: [] });
  });

  it('a malformed RegionId is InvalidParameter', () => {
    const response = call(plane(), 'DescribeCACertificates', { RegionId: 'CN' });
    expect(response.status).toBe(400);
    expect(response.body['Message']).toMatch(/"RegionId"/);
  });

  it('lists every CA with the API fields', () => {
    const list = (call(plane(), 'DescribeCACertificates').body['CACertificates'] as { CACertificate: Record<string, unknown>[] })
      .CACertificate;
    expect(list.map((c) => c['CACertificateId'])).toEqual(['ca-main', 'ca-spare']);
    expect(list[0]).toEqual({
      CACertificateId: 'ca-main',
      CACertificateName: '',
      ExpireTime: '2099-01-01T00:00:00Z',
      ExpireTimeStamp: Date.UTC(2099, 0, 1),
      CreateTime: '2026-01-01T00:00Z',
      CreateTimeStamp: Date.UTC(2026, 0, 1),
      RegionId: 'cn-hangzhou',
    });
  });
});
