import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiTime, checkKeyPair, parsePem, readCertificates, readPrivateKey, X509Error, type X509ErrorReason } from './x509';

/** Test data made by fixtures/generate.sh (throw-away keys; see fixtures/README.md). */
const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

function reasonOf(run: () => unknown): X509ErrorReason | 'no error' {
  try {
    run();
    return 'no error';
  } catch (error) {
    if (error instanceof X509Error) return error.reason;
    throw error;
  }
}

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof X509Error) return error.message;
    throw error;
  }
  return 'no error';
}

/**
 * What `openssl x509 -noout -subject -enddate -fingerprint -sha1` (OpenSSL 3.0) printed for each
 * fixture when it was generated, verbatim, with the facts the reader must get from the same file.
 */
const OPENSSL = [
  {
    file: 'rsa2048.cert.pem',
    printed: [
      'subject=CN = www.example.com, O = SLB Simulator Test, C = CN',
      'notAfter=Jan  1 12:00:00 2036 GMT',
      'sha1 Fingerprint=24:B8:CA:19:44:30:0E:31:F8:30:6E:D4:AE:75:A5:E6:5C:A1:79:50',
    ],
    commonName: 'www.example.com',
    expireTime: '2036-01-01T12:00:00Z',
    dnsNames: ['www.example.com', 'example.com', 'api.example.com'],
    key: { algorithm: 'RSA', bits: 2048 },
  },
  {
    file: 'ec256.cert.pem',
    printed: [
      'subject=CN = *.shop.example.com, O = SLB Simulator Test, C = CN',
      'notAfter=Mar 15 08:30:00 2031 GMT',
      'sha1 Fingerprint=6F:BE:39:4E:9B:9E:A6:0F:F4:16:1E:7F:C0:98:93:E9:D8:F4:4A:6C',
    ],
    commonName: '*.shop.example.com',
    expireTime: '2031-03-15T08:30:00Z',
    dnsNames: ['*.shop.example.com', 'shop.example.com'],
    key: { algorithm: 'ECC', curve: 'P-256' },
  },
  {
    file: 'expired.cert.pem',
    printed: [
      'subject=CN = old.example.com',
      'notAfter=Jan  1 00:00:00 2021 GMT',
      'sha1 Fingerprint=A0:D2:1C:9A:68:BB:56:16:FB:23:E8:19:3F:30:2C:1B:81:72:A5:DC',
    ],
    commonName: 'old.example.com',
    expireTime: '2021-01-01T00:00:00Z',
    dnsNames: ['old.example.com'],
    key: { algorithm: 'RSA', bits: 2048 },
  },
  {
    file: 'future.cert.pem',
    printed: [
      'subject=CN = future.example.com',
      'notAfter=Jan  1 00:00:00 2041 GMT',
      'sha1 Fingerprint=CD:53:0C:6C:59:BB:87:06:3D:A3:DE:15:62:BC:8E:3D:23:48:B4:11',
    ],
    commonName: 'future.example.com',
    expireTime: '2041-01-01T00:00:00Z',
    dnsNames: [],
    key: { algorithm: 'RSA', bits: 2048 },
  },
  {
    file: 'ca.cert.pem',
    printed: [
      'subject=CN = SLB Simulator Test Root CA, O = SLB Simulator Test CA, C = CN',
      'notAfter=Jan  1 00:00:00 2046 GMT',
      'sha1 Fingerprint=6A:95:C8:55:7C:30:AC:03:2A:E5:68:56:C0:03:BB:47:79:45:EB:FB',
    ],
    commonName: 'SLB Simulator Test Root CA',
    expireTime: '2046-01-01T00:00:00Z',
    dnsNames: [],
    key: { algorithm: 'RSA', bits: 2048 },
  },
  {
    file: 'rsa1024.cert.pem',
    printed: [
      'subject=CN = rsa1024.example.com',
      'notAfter=Jan  1 00:00:00 2036 GMT',
      'sha1 Fingerprint=95:5A:BA:08:33:15:EE:48:CF:A5:9C:BC:12:6F:2A:5E:FA:23:40:3D',
    ],
    commonName: 'rsa1024.example.com',
    expireTime: '2036-01-01T00:00:00Z',
    dnsNames: ['rsa1024.example.com'],
    key: { algorithm: 'RSA', bits: 1024 },
  },
  {
    file: 'rsa3072.cert.pem',
    printed: [
      'subject=CN = rsa3072.example.com',
      'notAfter=Jan  1 00:00:00 2036 GMT',
      'sha1 Fingerprint=E5:86:19:67:E3:0D:15:54:D7:E0:E6:AD:71:0B:39:87:97:AC:8C:FC',
    ],
    commonName: 'rsa3072.example.com',
    expireTime: '2036-01-01T00:00:00Z',
    dnsNames: ['rsa3072.example.com'],
    key: { algorithm: 'RSA', bits: 3072 },
  },
  {
    file: 'rsa4096.cert.pem',
    printed: [
      'subject=CN = rsa4096.example.com',
      'notAfter=Jan  1 00:00:00 2036 GMT',
      'sha1 Fingerprint=F8:7B:41:99:3C:E0:B6:52:37:67:9B:15:9E:7F:11:6E:F7:96:5E:F5',
    ],
    commonName: 'rsa4096.example.com',
    expireTime: '2036-01-01T00:00:00Z',
    dnsNames: ['rsa4096.example.com'],
    key: { algorithm: 'RSA', bits: 4096 },
  },
] as const;

/** openssl's `notAfter=Jan  1 12:00:00 2036 GMT` → the API's `2036-01-01T12:00:00Z`. */
function opensslTime(line: string): string {
  const [, month, day, time, year] = /^notAfter=(\w{3}) +(\d+) (\d\d:\d\d:\d\d) (\d{4}) GMT$/.exec(line)!;
  const m = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].indexOf(month!) + 1;
  return `${year}-${String(m).padStart(2, '0')}-${day!.padStart(2, '0')}T${time}Z`;
}

describe('readCertificates: the facts openssl prints', () => {
  it.each(OPENSSL)('$file', ({ file, printed, commonName, expireTime, dnsNames, key }) => {
    const [facts, ...rest] = readCertificates(fixture(file));
    expect(rest).toEqual([]);
    // subject CN, as openssl prints it first in the subject line
    expect(printed[0]).toMatch(new RegExp(`^subject=CN = ${commonName.replace(/[.*]/g, '\\$&')}(,|$)`));
    expect(facts!.commonName).toBe(commonName);
    // notAfter, converted to the API's format both from openssl's line and from the reader
    expect(opensslTime(printed[1])).toBe(expireTime);
    expect(apiTime(facts!.notAfter)).toBe(expireTime);
    // SHA-1 fingerprint: the API shows openssl's bytes in lower case
    expect(facts!.fingerprint).toBe(printed[2].replace('sha1 Fingerprint=', '').toLowerCase());
    expect(facts!.dnsNames).toEqual(dnsNames);
    expect(facts!.publicKey.algorithm).toBe(key.algorithm);
    if (key.algorithm === 'RSA' && facts!.publicKey.algorithm === 'RSA') expect(facts!.publicKey.bits).toBe(key.bits);
    if (key.algorithm === 'ECC' && facts!.publicKey.algorithm === 'ECC') expect(facts!.publicKey.curve).toBe(key.curve);
  });

  it('reads notBefore too: a certificate not valid until 2040 still parses', () => {
    const [facts] = readCertificates(fixture('future.cert.pem'));
    expect(apiTime(facts!.notBefore)).toBe('2040-01-01T00:00:00Z');
  });

  it('reads a chain: the server certificate first, then its issuer', () => {
    const chain = readCertificates(fixture('rsa2048.cert.pem') + fixture('ca.cert.pem'));
    expect(chain.map((c) => c.commonName)).toEqual(['www.example.com', 'SLB Simulator Test Root CA']);
  });

  it('takes CRLF line ends and blanks around lines', () => {
    const crlf = fixture('rsa2048.cert.pem').replace(/\n/g, '  \r\n');
    expect(readCertificates(`\r\n${crlf}`)[0]!.fingerprint).toBe('24:b8:ca:19:44:30:0e:31:f8:30:6e:d4:ae:75:a5:e6:5c:a1:79:50');
  });
});

describe('readCertificates: what it refuses', () => {
  const good = fixture('rsa2048.cert.pem');
  const body = good.split('\n').filter((l) => l !== '' && !l.startsWith('-----'));
  const wrap = (lines: string[]) => ['-----BEGIN CERTIFICATE-----', ...lines, '-----END CERTIFICATE-----'].join('\n');
  const cases: [string, string, X509ErrorReason, RegExp][] = [
    ['empty text', '', 'malformed', /no PEM block/],
    ['not PEM at all', 'hello', 'malformed', /line 1 is outside/],
    ['text before the block', `subject=CN = x\n${good}`, 'malformed', /line 1 is outside/],
    ['no END line', good.replace('-----END CERTIFICATE-----', ''), 'malformed', /has no -----END CERTIFICATE----- line/],
    ['END of another label', good.replace('END CERTIFICATE', 'END PUBLIC KEY'), 'malformed', /ends a PUBLIC KEY block/],
    ['a BEGIN inside a block', good.replace(body[3]!, '-----BEGIN CERTIFICATE-----'), 'malformed', /begins a block inside/],
    [
      'a line that is not base64',
      wrap([...body.slice(0, 2), 'not base64!', ...body.slice(2)]),
      'malformed',
      /line 4 of the CERTIFICATE block is not base64/,
    ],
    ['a blank line inside', wrap([...body.slice(0, 2), '', ...body.slice(2)]), 'malformed', /blank line inside/],
    ['base64 cut short', wrap([body[0]!.slice(0, 63)]), 'malformed', /cut short/],
    ['a truncated certificate', wrap(body.slice(0, 5)), 'malformed', /certificate 1 is not valid DER/],
    [
      'a private key where a certificate belongs',
      fixture('rsa2048.test-key.pem'),
      'malformed',
      /PEM block 1 is RSA PRIVATE KEY; expected CERTIFICATE/,
    ],
    [
      'a key block labelled CERTIFICATE',
      fixture('rsa2048.test-key.pem').replace(/RSA PRIVATE KEY/g, 'CERTIFICATE'),
      'malformed',
      /certificate 1 is not an X\.509 certificate/,
    ],
    ['an EC key on secp256k1', fixture('k256.cert.pem'), 'unsupported', /curve secp256k1; only P-256, P-384 and P-521/],
  ];
  it.each(cases)('%s', (_name, text, reason, message) => {
    expect(reasonOf(() => readCertificates(text))).toBe(reason);
    expect(messageOf(() => readCertificates(text))).toMatch(message);
  });

  it('refuses bytes after the DER structure', () => {
    const der = parsePem(good)[0]!.der;
    const longer = new Uint8Array(der.length + 3);
    longer.set(der);
    const base64 = btoa(String.fromCharCode(...longer)).replace(/(.{64})/g, '$1\n');
    expect(messageOf(() => readCertificates(wrap(base64.trim().split('\n'))))).toMatch(/3 stray bytes after its DER structure/);
  });

  it('refuses a second block that is not a certificate, naming it', () => {
    expect(messageOf(() => readCertificates(good + fixture('rsa2048.test-key.pem')))).toMatch(/PEM block 2 is RSA PRIVATE KEY/);
  });
});

describe('readPrivateKey', () => {
  it('reads PKCS#1, PKCS#8, SEC1 (with its EC PARAMETERS block) and PKCS#8 EC keys', () => {
    expect(readPrivateKey(fixture('rsa2048.test-key.pem'))).toMatchObject({ algorithm: 'RSA', format: 'PKCS#1' });
    expect(readPrivateKey(fixture('rsa2048.pkcs8.test-key.pem'))).toMatchObject({ algorithm: 'RSA', format: 'PKCS#8' });
    expect(readPrivateKey(fixture('ec256.test-key.pem'))).toMatchObject({
      algorithm: 'ECC',
      format: 'SEC1',
      curveOid: '1.2.840.10045.3.1.7',
    });
    expect(readPrivateKey(fixture('ec256.pkcs8.test-key.pem'))).toMatchObject({
      algorithm: 'ECC',
      format: 'PKCS#8',
      curveOid: '1.2.840.10045.3.1.7',
    });
    expect(fixture('ec256.test-key.pem')).toMatch(/^-----BEGIN EC PARAMETERS-----/);
  });

  const cases: [string, string, X509ErrorReason, RegExp][] = [
    ['PKCS#1 encrypted with Proc-Type', fixture('rsa2048.encrypted.test-key.pem'), 'encrypted', /encrypted with a password/],
    ['encrypted PKCS#8', fixture('rsa2048.pkcs8-encrypted.test-key.pem'), 'encrypted', /ENCRYPTED PRIVATE KEY is encrypted/],
    ['a certificate instead of a key', fixture('rsa2048.cert.pem'), 'malformed', /holds a CERTIFICATE block/],
    ['two keys', fixture('rsa2048.test-key.pem') + fixture('other-rsa2048.test-key.pem'), 'malformed', /holds 2 private keys/],
    ['only EC PARAMETERS', fixture('ec256.test-key.pem').split('-----BEGIN EC PRIVATE KEY-----')[0]!, 'malformed', /holds 0 private keys/],
    [
      'an EC key labelled RSA',
      fixture('other-ec256.test-key.pem').replace(/EC PRIVATE KEY/g, 'RSA PRIVATE KEY'),
      'malformed',
      /not a PKCS#1 RSAPrivateKey/,
    ],
    ['garbage', 'x', 'malformed', /outside any/],
  ];
  it.each(cases)('refuses %s', (_name, text, reason, message) => {
    expect(reasonOf(() => readPrivateKey(text))).toBe(reason);
    expect(messageOf(() => readPrivateKey(text))).toMatch(message);
  });

  it('refuses an RSA key whose primes do not make its modulus', () => {
    // Swap in another key's modulus: still a well-formed RSAPrivateKey, no longer a key pair.
    const own = parsePem(fixture('rsa2048.test-key.pem'))[0]!.der;
    const other = parsePem(fixture('other-rsa2048.test-key.pem'))[0]!.der;
    // Both are 2048-bit keys: version at offset 4..6, the 257-byte modulus INTEGER right after.
    const spliced = own.slice();
    spliced.set(other.subarray(7, 7 + 261), 7);
    const pem = [
      '-----BEGIN RSA PRIVATE KEY-----',
      ...btoa(String.fromCharCode(...spliced)).match(/.{1,64}/g)!,
      '-----END RSA PRIVATE KEY-----',
    ].join('\n');
    expect(messageOf(() => readPrivateKey(pem))).toMatch(/primes do not multiply to its modulus/);
  });
});

describe('checkKeyPair', () => {
  const cert = (file: string) => readCertificates(fixture(file))[0]!.publicKey;
  const key = (file: string) => readPrivateKey(fixture(file));
  const cases: [string, string, string, X509ErrorReason | 'no error'][] = [
    ['RSA certificate and its PKCS#1 key', 'rsa2048.cert.pem', 'rsa2048.test-key.pem', 'no error'],
    ['RSA certificate and its PKCS#8 key', 'rsa2048.cert.pem', 'rsa2048.pkcs8.test-key.pem', 'no error'],
    ['the expired certificate shares the rsa2048 key', 'expired.cert.pem', 'rsa2048.test-key.pem', 'no error'],
    ['EC certificate and its SEC1 key', 'ec256.cert.pem', 'ec256.test-key.pem', 'no error'],
    ['EC certificate and its PKCS#8 key', 'ec256.cert.pem', 'ec256.pkcs8.test-key.pem', 'no error'],
    ['RSA certificate, another RSA key', 'rsa2048.cert.pem', 'other-rsa2048.test-key.pem', 'mismatch'],
    ['EC certificate, another EC key', 'ec256.cert.pem', 'other-ec256.test-key.pem', 'mismatch'],
    ['RSA certificate, an EC key', 'rsa2048.cert.pem', 'ec256.test-key.pem', 'mismatch'],
    ['EC certificate, an RSA key', 'ec256.cert.pem', 'rsa2048.test-key.pem', 'mismatch'],
    ['RSA 4096 certificate, the 2048 key', 'rsa4096.cert.pem', 'rsa2048.test-key.pem', 'mismatch'],
    ['EC certificate, its key without the public point', 'ec256.cert.pem', 'ec256.nopub.test-key.pem', 'no-public-key'],
  ];
  it.each(cases)('%s', (_name, certificate, privateKey, expected) => {
    expect(reasonOf(() => checkKeyPair(cert(certificate), key(privateKey)))).toBe(expected);
  });

  it('compares EC points in compressed form, so either encoding of the certificate key matches', () => {
    const certificate = cert('ec256.cert.pem');
    if (certificate.algorithm !== 'ECC') throw new Error('fixture is not EC');
    const point = certificate.point;
    const compressed = new Uint8Array(33);
    compressed[0] = (point[64]! & 1) === 1 ? 3 : 2;
    compressed.set(point.subarray(1, 33), 1);
    const ownKey = key('ec256.test-key.pem');
    expect(reasonOf(() => checkKeyPair({ ...certificate, point: compressed }, ownKey))).toBe('no error');
    const wrongParity = compressed.slice();
    wrongParity[0] = compressed[0] === 2 ? 3 : 2;
    expect(reasonOf(() => checkKeyPair({ ...certificate, point: wrongParity }, ownKey))).toBe('mismatch');
  });

  it('says which curves differ', () => {
    const certificate = cert('ec256.cert.pem');
    const ownKey = key('ec256.test-key.pem');
    if (ownKey.algorithm !== 'ECC') throw new Error('fixture is not EC');
    expect(messageOf(() => checkKeyPair(certificate, { ...ownKey, curveOid: '1.3.132.0.34' }))).toMatch(
      /curve P-384, the certificate's on P-256/,
    );
  });
});
