import type { Scenario } from '../../scenario/schema';
import { commitScenario } from '../commit';
import { ApiError, invalidParameter, missingParameter } from '../errors';
import type { Action, ActionParams, ActionTable } from '../router';
import type { ControlPlaneState } from '../state';
import { REDACTED } from '../journal-params';
import { apiTime, checkKeyPair, readCertificates, readPrivateKey, X509Error, type CertificateFacts } from '../x509';
import { checkRegion, defined, requiredParam, scenarioRegion } from './params';

/**
 * The certificate actions of Slb 2014-05-15: upload (the PEM read for real, the private key
 * matched to the certificate), describe, rename and delete server and CA certificates. The
 * scenario keeps each certificate's facts, never its PEM or private key.
 */

type ServerCertificate = Scenario['serverCertificates'][number];
type CACertificate = Scenario['caCertificates'][number];

/** RSA key sizes CLB documents (certificate requirements: RSA 1024, 2048, 4096). */
export const RSA_KEY_SIZES: readonly number[] = [1024, 2048, 4096];

/** The account the simulated certificates belong to: the first part of a server certificate ID. */
export const SIMULATED_ACCOUNT_ID = '1234567890123456';

/** Certificates a scenario keeps, of each kind (the scenario schema's own cap). */
const CERTIFICATE_QUOTA = 100;

/** The documented name rule of ServerCertificateName / CACertificateName. */
const NAME = /^[A-Za-z][A-Za-z0-9._-]{0,79}$/;
const NAME_RULE = 'must be 1–80 characters, start with an English letter, and contain only letters, digits, ".", "_" and "-"';

const certificateNotFound = (kind: 'ServerCertificateId' | 'CACertificateId', id: string): ApiError =>
  new ApiError(404, `${kind}.NotFound`, `The specified ${kind} does not exist: "${id}".`);

/** The region a write acts in: the instance's; a `RegionId` naming another one is 404 (one region is modelled). */
function writeRegion(state: ControlPlaneState, params: ActionParams): string {
  const region = checkRegion(params);
  const own = scenarioRegion(state.scenario);
  if (region !== undefined && region !== own) {
    throw new ApiError(
      404,
      'InvalidRegionId.NotFound',
      `The specified RegionId "${region}" is not served: the simulator models one region, ${own}.`,
    );
  }
  return own;
}

function nameParam(params: ActionParams, name: string, required: boolean): string | undefined {
  const value = params[name];
  if (value === undefined || value === '') {
    if (required) throw missingParameter(name);
    return undefined;
  }
  if (!NAME.test(value)) throw invalidParameter(name, `"${value}" ${NAME_RULE}`);
  return value;
}

/** A PEM parameter's facts, or the API's error naming the parameter and what is wrong. */
function pemFacts<T>(name: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof X509Error)) throw error;
    if (error.reason === 'encrypted')
      throw new ApiError(400, 'PrivateKeyEncryption', `The specified parameter "${name}" is encrypted: ${error.message}.`);
    throw invalidParameter(name, `${error.message}.`);
  }
}

/** 24:b8:ca:… → the first 11 hex digits, the length of the hex part of a real certificate ID. */
const idHex = (fingerprint: string): string => fingerprint.replace(/:/g, '').slice(0, 11);

/** `base`, or `base` with `_2`, `_3`, … until no certificate has it: one certificate may be uploaded twice. */
function freeId(base: string, taken: ReadonlySet<string>, suffix: (n: number) => string): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(suffix(n))) return suffix(n);
}

function leaf(name: string, pem: string): CertificateFacts {
  return pemFacts(name, () => readCertificates(pem))[0]!;
}

/** UploadServerCertificate: a PEM certificate (chain) and its private key. */
const uploadServerCertificate: Action = (state, params) => {
  const region = writeRegion(state, params);
  if (params['AliCloudCertificateId'] !== undefined && params['AliCloudCertificateId'] !== '') {
    throw invalidParameter(
      'AliCloudCertificateId',
      'the simulator has no Certificate Management Service; upload ServerCertificate and PrivateKey instead.',
    );
  }
  const name = nameParam(params, 'ServerCertificateName', false);
  const certificatePem = params['ServerCertificate'];
  const keyPem = params['PrivateKey'];
  if (certificatePem === undefined || certificatePem === '')
    throw invalidParameter('ServerCertificate', 'is empty; send the certificate in PEM (-----BEGIN CERTIFICATE----- …).');
  if (keyPem === undefined || keyPem === '')
    throw invalidParameter('PrivateKey', "is empty; send the certificate's private key in PEM (-----BEGIN RSA PRIVATE KEY----- …).");
  const facts = leaf('ServerCertificate', certificatePem);
  const key = facts.publicKey;
  if (key.algorithm === 'RSA' && !RSA_KEY_SIZES.includes(key.bits)) {
    throw invalidParameter(
      'ServerCertificate',
      `has a ${key.bits}-bit RSA key; the RSA key sizes taken are ${RSA_KEY_SIZES.join(', ')} bits.`,
    );
  }
  const commonName = facts.commonName ?? facts.dnsNames[0];
  if (commonName === undefined)
    throw invalidParameter(
      'ServerCertificate',
      'names no domain: its subject has no common name (CN) and it has no DNS subject alternative name.',
    );
  // The journal never keeps a private key (saved runs are shared): a replayed upload carries the
  // redaction marker, and its key was matched when the call was made live.
  if (!(state.replaying && keyPem === REDACTED)) checkPrivateKey(key, keyPem);
  const existing = state.scenario.serverCertificates;
  if (existing.length >= CERTIFICATE_QUOTA)
    throw new ApiError(400, 'OverQuota', `The simulator keeps at most ${CERTIFICATE_QUOTA} server certificates; delete one first.`);
  const base = `${SIMULATED_ACCOUNT_ID}_${idHex(facts.fingerprint)}`;
  const certificate: ServerCertificate = {
    ServerCertificateId: freeId(base, new Set(existing.map((c) => c.ServerCertificateId)), (n) => `${base}_${n}`),
    ServerCertificateName: name ?? '',
    CommonName: commonName,
    SubjectAlternativeNames: facts.dnsNames,
    ExpireTime: apiTime(facts.notAfter),
    EncryptionAlgorithm: key.algorithm,
    Fingerprint: facts.fingerprint,
  };
  commitScenario(state, { ...state.scenario, serverCertificates: [...existing, certificate] }, () => 'ServerCertificate');
  return serverCertificateFields(state, region, certificate);
};

/** UploadCACertificate: one PEM CA certificate (or bundle); no private key. */
const uploadCACertificate: Action = (state, params) => {
  const region = writeRegion(state, params);
  if (params['PrivateKey'] !== undefined)
    throw invalidParameter(
      'PrivateKey',
      'UploadCACertificate takes no private key: a CA certificate is uploaded alone, and the simulator keeps no keys.',
    );
  const name = nameParam(params, 'CACertificateName', false);
  const facts = leaf('CACertificate', requiredParam(params, 'CACertificate'));
  const existing = state.scenario.caCertificates;
  if (existing.length >= CERTIFICATE_QUOTA)
    throw new ApiError(400, 'OverQuota', `The simulator keeps at most ${CERTIFICATE_QUOTA} CA certificates; delete one first.`);
  const hex = idHex(facts.fingerprint);
  const certificate: CACertificate = {
    CACertificateId: freeId(`${hex}-${region}`, new Set(existing.map((c) => c.CACertificateId)), (n) => `${hex}_${n}-${region}`),
    CACertificateName: name ?? '',
    ExpireTime: apiTime(facts.notAfter),
    ...(facts.commonName === undefined ? {} : { CommonName: facts.commonName }),
    Fingerprint: facts.fingerprint,
  };
  commitScenario(state, { ...state.scenario, caCertificates: [...existing, certificate] }, () => 'CACertificate');
  return caCertificateFields(state, region, certificate);
};

/** The API's fields for a server certificate; the simulator's own `EncryptionAlgorithm` besides. */
function serverCertificateFields(state: ControlPlaneState, region: string, c: ServerCertificate): Record<string, unknown> {
  return defined({
    ServerCertificateId: c.ServerCertificateId,
    ServerCertificateName: c.ServerCertificateName,
    Fingerprint: c.Fingerprint,
    CommonName: c.CommonName,
    SubjectAlternativeNames: { SubjectAlternativeName: c.SubjectAlternativeNames },
    ExpireTime: c.ExpireTime,
    ExpireTimeStamp: Date.parse(c.ExpireTime),
    CreateTime: state.createTime,
    CreateTimeStamp: Date.parse(state.createTime),
    RegionId: region,
    RegionIdAlias: region,
    IsAliCloudCertificate: 0,
    AliCloudCertificateId: '',
    AliCloudCertificateName: '',
    EncryptionAlgorithm: c.EncryptionAlgorithm,
  });
}

function caCertificateFields(state: ControlPlaneState, region: string, c: CACertificate): Record<string, unknown> {
  return defined({
    CACertificateId: c.CACertificateId,
    CACertificateName: c.CACertificateName,
    Fingerprint: c.Fingerprint,
    CommonName: c.CommonName,
    ExpireTime: c.ExpireTime,
    ExpireTimeStamp: Date.parse(c.ExpireTime),
    CreateTime: state.createTime,
    CreateTimeStamp: Date.parse(state.createTime),
    RegionId: region,
  });
}

/** Describe…: every certificate of the region, or the one named; another region has none. */
function describe<T>(state: ControlPlaneState, params: ActionParams, idName: string, all: readonly T[], idOf: (c: T) => string): T[] {
  const region = checkRegion(params);
  if (region !== undefined && region !== scenarioRegion(state.scenario)) return [];
  const id = params[idName];
  return id === undefined || id === '' ? [...all] : all.filter((c) => idOf(c) === id);
}

const describeServerCertificates: Action = (state, params) => {
  const found = describe(state, params, 'ServerCertificateId', state.scenario.serverCertificates, (c) => c.ServerCertificateId);
  const region = scenarioRegion(state.scenario);
  return { ServerCertificates: { ServerCertificate: found.map((c) => serverCertificateFields(state, region, c)) } };
};

const describeCACertificates: Action = (state, params) => {
  const found = describe(state, params, 'CACertificateId', state.scenario.caCertificates, (c) => c.CACertificateId);
  const region = scenarioRegion(state.scenario);
  return { CACertificates: { CACertificate: found.map((c) => caCertificateFields(state, region, c)) } };
};

/** The listeners that present a server certificate (their own, or an extra domain's). */
function listenersUsingServerCertificate(scenario: Scenario, id: string): Scenario['listeners'] {
  return scenario.listeners.filter((l) => l.ServerCertificateId === id || (l.DomainExtensions ?? []).some((d) => d.ServerCertificateId === id));
}

/** Listeners in an error message: their ports per instance (certificates are the region's, used by any instance). */
function portsOf(listeners: Scenario['listeners']): string {
  const byInstance = new Map<string, number[]>();
  for (const l of listeners) byInstance.set(l.LoadBalancerId, [...(byInstance.get(l.LoadBalancerId) ?? []), l.ListenerPort]);
  return [...byInstance].map(([lb, ports]) => `${ports.join(', ')} of ${lb}`).join('; ');
}

const inUse = (kind: string, id: string, listeners: Scenario['listeners']): ApiError =>
  new ApiError(
    400,
    'CertificateAndPrivateKeyIsRefered',
    `The specified ${kind} "${id}" is bound to the HTTPS listener${listeners.length > 1 ? 's' : ''} on port ${portsOf(listeners)}; you cannot delete it.`,
  );

const deleteServerCertificate: Action = (state, params) => {
  writeRegion(state, params);
  const id = requiredParam(params, 'ServerCertificateId');
  const existing = state.scenario.serverCertificates;
  if (!existing.some((c) => c.ServerCertificateId === id)) throw certificateNotFound('ServerCertificateId', id);
  const using = listenersUsingServerCertificate(state.scenario, id);
  if (using.length > 0) throw inUse('server certificate', id, using);
  commitScenario(
    state,
    { ...state.scenario, serverCertificates: existing.filter((c) => c.ServerCertificateId !== id) },
    () => 'ServerCertificateId',
  );
  return {};
};

const deleteCACertificate: Action = (state, params) => {
  writeRegion(state, params);
  const id = requiredParam(params, 'CACertificateId');
  const existing = state.scenario.caCertificates;
  if (!existing.some((c) => c.CACertificateId === id)) throw certificateNotFound('CACertificateId', id);
  const using = state.scenario.listeners.filter((l) => l.CACertificateId === id);
  if (using.length > 0) throw inUse('CA certificate', id, using);
  commitScenario(state, { ...state.scenario, caCertificates: existing.filter((c) => c.CACertificateId !== id) }, () => 'CACertificateId');
  return {};
};

const setServerCertificateName: Action = (state, params) => {
  writeRegion(state, params);
  const id = requiredParam(params, 'ServerCertificateId');
  const name = nameParam(params, 'ServerCertificateName', true)!;
  const existing = state.scenario.serverCertificates;
  if (!existing.some((c) => c.ServerCertificateId === id)) throw certificateNotFound('ServerCertificateId', id);
  const next = existing.map((c) => (c.ServerCertificateId === id ? { ...c, ServerCertificateName: name } : c));
  commitScenario(state, { ...state.scenario, serverCertificates: next }, () => 'ServerCertificateName');
  return {};
};

const setCACertificateName: Action = (state, params) => {
  writeRegion(state, params);
  const id = requiredParam(params, 'CACertificateId');
  const name = nameParam(params, 'CACertificateName', true)!;
  const existing = state.scenario.caCertificates;
  if (!existing.some((c) => c.CACertificateId === id)) throw certificateNotFound('CACertificateId', id);
  const next = existing.map((c) => (c.CACertificateId === id ? { ...c, CACertificateName: name } : c));
  commitScenario(state, { ...state.scenario, caCertificates: next }, () => 'CACertificateName');
  return {};
};

export const CERTIFICATE_ACTIONS: ActionTable = {
  UploadServerCertificate: uploadServerCertificate,
  UploadCACertificate: uploadCACertificate,
  DescribeServerCertificates: describeServerCertificates,
  DescribeCACertificates: describeCACertificates,
  DeleteServerCertificate: deleteServerCertificate,
  DeleteCACertificate: deleteCACertificate,
  SetServerCertificateName: setServerCertificateName,
  SetCACertificateName: setCACertificateName,
};

/** The key parses and belongs to the certificate's public key, else the API's error. */
function checkPrivateKey(key: CertificateFacts['publicKey'], keyPem: string): void {
  const privateKey = pemFacts('PrivateKey', () => readPrivateKey(keyPem));
  try {
    checkKeyPair(key, privateKey);
  } catch (error) {
    if (!(error instanceof X509Error)) throw error;
    if (error.reason === 'mismatch')
      throw new ApiError(400, 'CertificateNotMatchPrivateKey', `Certificate and key does not match: ${error.message}.`);
    throw invalidParameter('PrivateKey', `${error.message}.`);
  }
}
