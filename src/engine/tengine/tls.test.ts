import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenario/validate';
import { certificateFor, checkClientHello, POLICY_MIN_VERSION, simulatedEpochMs } from './tls';
import { oneLoadBalancer } from '../../scenario/examples/shared';

/** What Tengine decides from a ClientHello (DOMAIN §4), before any key operation. */
const scenario = parseScenario(oneLoadBalancer({
  serverCertificates: [
    { ServerCertificateId: 'cert-main', ExpireTime: '2027-01-01T00:00:00Z' },
    { ServerCertificateId: 'cert-wild', ExpireTime: '2027-01-01T00:00:00Z' },
    { ServerCertificateId: 'cert-exact', ExpireTime: '2026-01-01T01:30:05Z' },
  ],
  caCertificates: [{ CACertificateId: 'ca-old', ExpireTime: '2025-01-01T00:00:00Z' }],
  listeners: [
    {
      ListenerProtocol: 'https',
      ListenerPort: 443,
      ServerCertificateId: 'cert-main',
      DomainExtensions: [
        { Domain: '*.shop.example.com', ServerCertificateId: 'cert-wild' },
        { Domain: 'pay.shop.example.com', ServerCertificateId: 'cert-exact' },
      ],
    },
  ],
}));
const listener = scenario.listeners[0]!;
const client = { maxVersion: '1.3' as const, resumption: 0, clientCertificate: false };

describe('the certificate for an SNI name', () => {
  it('an extra domain’s exact name beats its wildcard; a wildcard covers exactly one label; else the listener’s', () => {
    const id = (sni: string) => certificateFor(scenario, listener, sni).ServerCertificateId;
    expect(id('pay.shop.example.com')).toBe('cert-exact');
    expect(id('PAY.Shop.example.com.')).toBe('cert-exact');
    expect(id('cart.shop.example.com')).toBe('cert-wild');
    expect(id('a.cart.shop.example.com')).toBe('cert-main');
    expect(id('shop.example.com')).toBe('cert-main');
    expect(id('www.example.com')).toBe('cert-main');
  });
});

describe('checks on a ClientHello', () => {
  const start = simulatedEpochMs('2026-01-01T09:30:00', 0);

  it('simulated time 0 is billing.startTime (UTC+8) as a UTC instant', () => {
    expect(start).toBe(1_767_231_000_000);
    expect(simulatedEpochMs('2026-01-01T09:30', 2_500_000)).toBe(1_767_231_002_500);
  });

  it('a certificate is valid until its ExpireTime, not at it', () => {
    expect(checkClientHello(scenario, listener, client, 'pay.shop.example.com', start + 4_999).failure).toBeUndefined();
    expect(checkClientHello(scenario, listener, client, 'pay.shop.example.com', start + 5_000).failure).toBe('certificate_expired');
  });

  it('each policy’s minimum version: 1_0 → 1.0, 1_1 → 1.1, the 1_2 family → 1.2', () => {
    expect(POLICY_MIN_VERSION).toEqual({
      tls_cipher_policy_1_0: '1.0',
      tls_cipher_policy_1_1: '1.1',
      tls_cipher_policy_1_2: '1.2',
      tls_cipher_policy_1_2_strict: '1.2',
      tls_cipher_policy_1_2_strict_with_1_3: '1.2',
    });
    const withPolicy = (TLSCipherPolicy: string) => ({ ...listener, TLSCipherPolicy }) as typeof listener;
    expect(checkClientHello(scenario, withPolicy('tls_cipher_policy_1_2_strict'), { ...client, maxVersion: '1.1' }, 'www.example.com', start).failure).toBe('protocol_version');
    expect(checkClientHello(scenario, withPolicy('tls_cipher_policy_1_2_strict'), { ...client, maxVersion: '1.2' }, 'www.example.com', start).failure).toBeUndefined();
    expect(checkClientHello(scenario, withPolicy('tls_cipher_policy_1_1'), { ...client, maxVersion: '1.0' }, 'www.example.com', start).failure).toBe('protocol_version');
  });

  it('mutual TLS with an expired CA fails every client, certificate or not', () => {
    const mutual = { ...listener, CACertificateId: 'ca-old' };
    const result = checkClientHello(scenario, mutual, { ...client, clientCertificate: true }, 'www.example.com', start);
    expect(result.failure).toBe('ca_certificate_expired');
    expect(result.why).toBe('CA certificate ca-old expired at 2025-01-01T00:00:00Z: no client certificate can be verified');
  });
});
