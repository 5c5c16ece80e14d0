import { sha1 } from '@noble/hashes/legacy.js';
import { ECParameters, ECPrivateKey, id_ecPublicKey, id_secp256r1, id_secp384r1, id_secp521r1 } from '@peculiar/asn1-ecc';
import { PrivateKeyInfo } from '@peculiar/asn1-pkcs8';
import { id_rsaEncryption, RSAPrivateKey, RSAPublicKey } from '@peculiar/asn1-rsa';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, id_ce_subjectAltName, SubjectAlternativeName, type SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { fromBER } from 'asn1js';

/**
 * Reading PEM certificates and private keys, synchronously, in Node and in the browser: the
 * facts the SLB API reports (common name, DNS names, expiry, SHA-1 fingerprint, key type and
 * size) and whether a private key belongs to a certificate. The ASN.1 is decoded with the
 * @peculiar/asn1-* schemas (RFC 5280, 8017, 5915, 5208); nothing here knows about the API.
 * Signatures are not verified: a self-signed or unknown-issuer certificate reads the same.
 */

/** Why a PEM text was refused; the API layer turns each into its own error code. */
export type X509ErrorReason =
  /** Not PEM, not the expected PEM block, or not the ASN.1 structure the block's label promises. */
  | 'malformed'
  /** A private key protected by a password (PKCS#8 `ENCRYPTED PRIVATE KEY`, or PEM `Proc-Type: 4,ENCRYPTED`). */
  | 'encrypted'
  /** Well-formed, but a key type or curve the reader does not take (DSA, Ed25519, secp256k1, …). */
  | 'unsupported'
  /** The private key does not belong to the certificate. */
  | 'mismatch'
  /** An EC private key without its public point: nothing to compare with the certificate. */
  | 'no-public-key';

export class X509Error extends Error {
  constructor(
    readonly reason: X509ErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'X509Error';
  }
}

export interface PemBlock {
  /** The word(s) between `BEGIN` and the dashes: `CERTIFICATE`, `RSA PRIVATE KEY`, … */
  label: string;
  /** RFC 1421 headers (`Proc-Type`, `DEK-Info`), present on legacy encrypted keys. */
  headers: Readonly<Record<string, string>>;
  der: Uint8Array;
}

const BEGIN = /^-----BEGIN ([A-Z0-9 ]+)-----$/;
const END = /^-----END ([A-Z0-9 ]+)-----$/;
const HEADER = /^([A-Za-z][A-Za-z0-9-]*):\s*(.*)$/;
const BASE64_LINE = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * The PEM blocks of `text`, in order (RFC 7468, with RFC 1421 headers). Line ends may be LF or
 * CRLF and lines may carry surrounding blanks; text outside the blocks, a block without its END
 * line, or base64 that does not decode is refused.
 */
export function parsePem(text: string): PemBlock[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const blocks: PemBlock[] = [];
  let open:
    { label: string; headers: Record<string, string>; body: string; bodyStarted: boolean; line: number; blank?: number } | undefined;
  lines.forEach((raw, index) => {
    const line = raw.trim();
    const at = `line ${index + 1}`;
    if (open === undefined) {
      if (line === '') return;
      const begin = BEGIN.exec(line);
      if (!begin) throw new X509Error('malformed', `${at} is outside any -----BEGIN …----- / -----END …----- block`);
      open = { label: begin[1]!, headers: {}, body: '', bodyStarted: false, line: index + 1 };
      return;
    }
    if (line === '') {
      // Only the blank line that closes RFC 1421 headers is allowed inside a block; any other is
      // reported once the block goes on (at the end of the text a missing END line says more).
      if (open.bodyStarted || Object.keys(open.headers).length === 0) open.blank ??= index + 1;
      return;
    }
    if (open.blank !== undefined) throw new X509Error('malformed', `line ${open.blank}: blank line inside the ${open.label} block`);
    const end = END.exec(line);
    if (end) {
      if (end[1] !== open.label)
        throw new X509Error('malformed', `${at} ends a ${end[1]} block, but the block open since line ${open.line} is ${open.label}`);
      blocks.push({ label: open.label, headers: open.headers, der: decodeBase64(open.body, open.label) });
      open = undefined;
      return;
    }
    if (BEGIN.test(line))
      throw new X509Error('malformed', `${at} begins a block inside the ${open.label} block open since line ${open.line}`);
    const header = open.bodyStarted ? null : HEADER.exec(line);
    if (header) {
      open.headers[header[1]!] = header[2]!;
      return;
    }
    if (!BASE64_LINE.test(line)) throw new X509Error('malformed', `${at} of the ${open.label} block is not base64`);
    open.bodyStarted = true;
    open.body += line;
  });
  if (open !== undefined)
    throw new X509Error('malformed', `the ${open.label} block begun at line ${open.line} has no -----END ${open.label}----- line`);
  if (blocks.length === 0) throw new X509Error('malformed', 'no PEM block: expected -----BEGIN …----- and -----END …----- lines');
  return blocks;
}

function decodeBase64(body: string, label: string): Uint8Array {
  if (body.length === 0 || body.length % 4 !== 0 || /=[^=]/.test(body))
    throw new X509Error('malformed', `the ${label} block's base64 is cut short or padded in the middle`);
  const binary = atob(body);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Decodes one DER structure that must fill `der` exactly (asn1-schema itself ignores trailing bytes). */
function decode<T>(der: Uint8Array | ArrayBuffer, schema: new () => T, what: string): T {
  const bytes = der instanceof Uint8Array ? der : new Uint8Array(der);
  const ber = fromBER(bytes);
  if (ber.offset === -1) throw new X509Error('malformed', `${what} is not valid DER (${ber.result.error || 'cannot decode'})`);
  if (ber.offset !== bytes.byteLength)
    throw new X509Error('malformed', `${what} has ${bytes.byteLength - ber.offset} stray bytes after its DER structure`);
  try {
    return AsnConvert.parse(bytes, schema);
  } catch (error) {
    throw new X509Error('malformed', `${what} is not ${schemaName(schema)} (${(error as Error).message})`);
  }
}

function schemaName(schema: unknown): string {
  if (schema === Certificate) return 'an X.509 certificate';
  if (schema === RSAPrivateKey) return 'a PKCS#1 RSAPrivateKey';
  if (schema === ECPrivateKey) return 'a SEC1 ECPrivateKey';
  if (schema === PrivateKeyInfo) return 'a PKCS#8 PrivateKeyInfo';
  if (schema === RSAPublicKey) return 'an RSA public key';
  return 'the expected ASN.1 structure';
}

/** Named curves the simulator takes (SLB's ECC certificates): OID → name. */
export const EC_CURVES: Readonly<Record<string, string>> = { [id_secp256r1]: 'P-256', [id_secp384r1]: 'P-384', [id_secp521r1]: 'P-521' };

export type PublicKeyFacts =
  | { algorithm: 'RSA'; bits: number; modulus: bigint; publicExponent: bigint }
  | { algorithm: 'ECC'; curve: string; curveOid: string; point: Uint8Array };

export interface CertificateFacts {
  /** The subject's first commonName (2.5.4.3), if it has one. */
  commonName: string | undefined;
  /** The subjectAltName extension's dNSName entries, in order (IP addresses and URIs left out). */
  dnsNames: string[];
  notBefore: Date;
  notAfter: Date;
  /** SHA-1 of the DER, lower-case hex bytes joined by colons, as SLB's API shows it. */
  fingerprint: string;
  publicKey: PublicKeyFacts;
}

/**
 * Every certificate of a PEM text (a server certificate followed by its chain, or a CA
 * certificate): each block must be a `CERTIFICATE` holding an X.509 certificate with an RSA key
 * or an EC key on P-256/384/521.
 */
export function readCertificates(pem: string): CertificateFacts[] {
  return parsePem(pem).map((block, i) => {
    const which = `certificate ${i + 1}`;
    if (block.label !== 'CERTIFICATE') throw new X509Error('malformed', `PEM block ${i + 1} is ${block.label}; expected CERTIFICATE`);
    return certificateFacts(decode(block.der, Certificate, which), block.der, which);
  });
}

function certificateFacts(certificate: Certificate, der: Uint8Array, which: string): CertificateFacts {
  const tbs = certificate.tbsCertificate;
  let commonName: string | undefined;
  for (const rdn of tbs.subject)
    for (const attribute of rdn) if (commonName === undefined && attribute.type === '2.5.4.3') commonName = attribute.value.toString();
  const dnsNames: string[] = [];
  const sanExtension = tbs.extensions?.find((e) => e.extnID === id_ce_subjectAltName);
  if (sanExtension) {
    const names = decode(sanExtension.extnValue.buffer, SubjectAlternativeName, `the subjectAltName extension of ${which}`);
    for (const name of names) if (name.dNSName !== undefined) dnsNames.push(name.dNSName);
  }
  return {
    commonName,
    dnsNames,
    notBefore: tbs.validity.notBefore.getTime(),
    notAfter: tbs.validity.notAfter.getTime(),
    fingerprint: colonHex(sha1(der)),
    publicKey: publicKeyFacts(tbs.subjectPublicKeyInfo, which),
  };
}

function publicKeyFacts(spki: SubjectPublicKeyInfo, which: string): PublicKeyFacts {
  const oid = spki.algorithm.algorithm;
  if (oid === id_rsaEncryption) {
    const key = decode(spki.subjectPublicKey, RSAPublicKey, `the RSA public key of ${which}`);
    const modulus = toBigInt(key.modulus);
    return { algorithm: 'RSA', bits: modulus.toString(2).length, modulus, publicExponent: toBigInt(key.publicExponent) };
  }
  if (oid === id_ecPublicKey) {
    const curveOid = namedCurve(spki.algorithm.parameters, `the EC key of ${which}`);
    return { algorithm: 'ECC', curve: curveName(curveOid, which), curveOid, point: new Uint8Array(spki.subjectPublicKey) };
  }
  throw new X509Error(
    'unsupported',
    `${which} has a ${KEY_ALGORITHMS[oid] ?? `key of algorithm ${oid}`}; only RSA and EC (P-256, P-384, P-521) keys are taken`,
  );
}

const KEY_ALGORITHMS: Readonly<Record<string, string>> = {
  '1.2.840.10040.4.1': 'DSA key',
  '1.3.101.112': 'Ed25519 key',
  '1.3.101.113': 'Ed448 key',
  '1.2.840.113549.1.1.10': 'RSASSA-PSS key',
  '1.2.156.10197.1.301': 'SM2 key',
};

function namedCurve(parameters: ArrayBuffer | null | undefined, what: string): string {
  if (!parameters) throw new X509Error('malformed', `${what} names no curve`);
  const decoded = decode(parameters, ECParameters, `the curve parameters of ${what}`);
  if (decoded.namedCurve === undefined)
    throw new X509Error(
      'unsupported',
      `${what} spells its curve out instead of naming it; only named curves (P-256, P-384, P-521) are taken`,
    );
  return decoded.namedCurve;
}

function curveName(oid: string, which: string): string {
  const name = EC_CURVES[oid];
  if (name === undefined)
    throw new X509Error('unsupported', `${which} has an EC key on curve ${CURVE_NAMES[oid] ?? oid}; only P-256, P-384 and P-521 are taken`);
  return name;
}

const CURVE_NAMES: Readonly<Record<string, string>> = {
  '1.3.132.0.10': 'secp256k1',
  '1.2.840.10045.3.1.1': 'P-192',
  '1.3.132.0.33': 'P-224',
};

export type PrivateKeyFacts =
  | { algorithm: 'RSA'; format: 'PKCS#1' | 'PKCS#8'; modulus: bigint; publicExponent: bigint }
  | { algorithm: 'ECC'; format: 'SEC1' | 'PKCS#8'; curveOid: string | undefined; point: Uint8Array | undefined };

const KEY_LABELS = ['RSA PRIVATE KEY', 'EC PRIVATE KEY', 'PRIVATE KEY'];

/**
 * The one private key of a PEM text: PKCS#1 `RSA PRIVATE KEY`, SEC1 `EC PRIVATE KEY` (an
 * `EC PARAMETERS` block before it, as `openssl ecparam -genkey` writes, is allowed), or
 * unencrypted PKCS#8 `PRIVATE KEY` holding either. An RSA key must be consistent (n = p·q).
 */
export function readPrivateKey(pem: string): PrivateKeyFacts {
  const blocks = parsePem(pem).filter((block) => block.label !== 'EC PARAMETERS');
  const encrypted = blocks.find((b) => b.label === 'ENCRYPTED PRIVATE KEY' || /ENCRYPTED/i.test(b.headers['Proc-Type'] ?? ''));
  if (encrypted)
    throw new X509Error(
      'encrypted',
      `the ${encrypted.label} is encrypted with a password; upload it decrypted (openssl rsa / openssl ec / openssl pkcs8 -nocrypt)`,
    );
  const keys = blocks.filter((b) => KEY_LABELS.includes(b.label));
  const other = blocks.find((b) => !KEY_LABELS.includes(b.label));
  if (other)
    throw new X509Error('malformed', `holds a ${other.label} block; expected one RSA PRIVATE KEY, EC PRIVATE KEY or PRIVATE KEY block`);
  if (keys.length !== 1) throw new X509Error('malformed', `holds ${keys.length} private keys; expected exactly one`);
  const block = keys[0]!;
  if (block.label === 'RSA PRIVATE KEY') return rsaKeyFacts(decode(block.der, RSAPrivateKey, 'the RSA PRIVATE KEY'), 'PKCS#1');
  if (block.label === 'EC PRIVATE KEY') return ecKeyFacts(decode(block.der, ECPrivateKey, 'the EC PRIVATE KEY'), 'SEC1', undefined);
  const info = decode(block.der, PrivateKeyInfo, 'the PRIVATE KEY');
  const oid = info.privateKeyAlgorithm.algorithm;
  const inner = info.privateKey.buffer;
  if (oid === id_rsaEncryption) return rsaKeyFacts(decode(inner, RSAPrivateKey, 'the RSA key inside the PRIVATE KEY'), 'PKCS#8');
  if (oid === id_ecPublicKey) {
    const curveOid = namedCurve(info.privateKeyAlgorithm.parameters, 'the EC key inside the PRIVATE KEY');
    return ecKeyFacts(decode(inner, ECPrivateKey, 'the EC key inside the PRIVATE KEY'), 'PKCS#8', curveOid);
  }
  throw new X509Error(
    'unsupported',
    `the PRIVATE KEY is a ${KEY_ALGORITHMS[oid] ?? `key of algorithm ${oid}`}; only RSA and EC keys are taken`,
  );
}

function rsaKeyFacts(key: RSAPrivateKey, format: 'PKCS#1' | 'PKCS#8'): PrivateKeyFacts {
  const modulus = toBigInt(key.modulus);
  if (toBigInt(key.prime1) * toBigInt(key.prime2) !== modulus)
    throw new X509Error('malformed', `the RSA private key is inconsistent: its primes do not multiply to its modulus`);
  return { algorithm: 'RSA', format, modulus, publicExponent: toBigInt(key.publicExponent) };
}

function ecKeyFacts(key: ECPrivateKey, format: 'SEC1' | 'PKCS#8', outerCurve: string | undefined): PrivateKeyFacts {
  const ownCurve = key.parameters?.namedCurve;
  if (outerCurve !== undefined && ownCurve !== undefined && outerCurve !== ownCurve)
    throw new X509Error('malformed', `the EC private key names two curves (${outerCurve} and ${ownCurve})`);
  return { algorithm: 'ECC', format, curveOid: outerCurve ?? ownCurve, point: key.publicKey ? new Uint8Array(key.publicKey) : undefined };
}

/**
 * Throws unless `key` is the private half of `certificate`'s public key: the same RSA modulus and
 * exponent, or the same EC curve and public point (compared in compressed form, so an
 * uncompressed and a compressed encoding of one point agree).
 */
export function checkKeyPair(certificate: PublicKeyFacts, key: PrivateKeyFacts): void {
  if (certificate.algorithm !== key.algorithm)
    throw new X509Error('mismatch', `the certificate has an ${certificate.algorithm} key but the private key is ${key.algorithm}`);
  if (certificate.algorithm === 'RSA' && key.algorithm === 'RSA') {
    if (certificate.modulus !== key.modulus || certificate.publicExponent !== key.publicExponent)
      throw new X509Error('mismatch', "the private key's RSA modulus is not the certificate's");
    return;
  }
  if (certificate.algorithm === 'ECC' && key.algorithm === 'ECC') {
    if (key.curveOid !== undefined && key.curveOid !== certificate.curveOid)
      throw new X509Error(
        'mismatch',
        `the private key is on curve ${EC_CURVES[key.curveOid] ?? CURVE_NAMES[key.curveOid] ?? key.curveOid}, the certificate's on ${certificate.curve}`,
      );
    if (key.point === undefined)
      throw new X509Error(
        'no-public-key',
        'the EC private key carries no public key, so it cannot be matched to the certificate; export it with its public key (openssl ec -in key.pem)',
      );
    if (!sameBytes(compressed(key.point), compressed(certificate.point)))
      throw new X509Error('mismatch', "the private key's EC public point is not the certificate's");
  }
}

/** SEC1 point → compressed form (02/03 ‖ X); other encodings are returned as they are. */
function compressed(point: Uint8Array): Uint8Array {
  if (point[0] !== 0x04 || point.length % 2 === 0) return point;
  const size = (point.length - 1) / 2;
  const out = new Uint8Array(1 + size);
  out[0] = (point[point.length - 1]! & 1) === 1 ? 0x03 : 0x02;
  out.set(point.subarray(1, 1 + size), 1);
  return out;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

function toBigInt(bytes: ArrayBuffer): bigint {
  const hex = Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
  return hex === '' ? 0n : BigInt(`0x${hex}`);
}

function colonHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(':');
}

/** `2036-01-01T12:00:00Z`: the API's time format, whole seconds, UTC. */
export function apiTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
