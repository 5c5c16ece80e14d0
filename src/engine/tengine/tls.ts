import type { Listener, Scenario, ServerCertificate } from '../../scenario/schema';
import type { TlsClientSpec } from '../../scenario/l7-schema';
import { normaliseHost } from './rules';
import { epochMs } from '../billing/clock';

/** Why a handshake failed: the report's `tls.failedHandshakes` keys. */
export const TLS_FAILURES = ['protocol_version', 'certificate_expired', 'client_certificate_required', 'ca_certificate_expired', 'keyserver_unavailable', 'tengine_down'] as const;
export type TlsFailure = (typeof TLS_FAILURES)[number];
export const TlsFailureCode = Object.fromEntries(TLS_FAILURES.map((f, i) => [f, i])) as { [K in TlsFailure]: number };

const VERSION_RANK: Record<string, number> = { '1.0': 0, '1.1': 1, '1.2': 2, '1.3': 3 };
/** The lowest TLS version each SLB cipher policy accepts (DOMAIN §4). */
export const POLICY_MIN_VERSION: Record<string, string> = {
  tls_cipher_policy_1_0: '1.0',
  tls_cipher_policy_1_1: '1.1',
  tls_cipher_policy_1_2: '1.2',
  tls_cipher_policy_1_2_strict: '1.2',
  tls_cipher_policy_1_2_strict_with_1_3: '1.2',
};

/** Does a certificate domain (exact or `*.x`) cover this host name? A wildcard covers one label, as in TLS. */
function covers(domain: string, host: string): boolean {
  const d = domain.toLowerCase();
  if (!d.startsWith('*.')) return d === host;
  const rest = host.slice(host.indexOf('.') + 1);
  return host.includes('.') && rest === d.slice(2);
}

/**
 * The certificate an HTTPS listener presents for a client's SNI: an extra domain's own
 * certificate when one covers the name (exact before wildcard), else the listener's.
 */
export function certificateFor(scenario: Scenario, listener: Listener, sni: string): ServerCertificate {
  const host = normaliseHost(sni);
  const extensions = listener.DomainExtensions ?? [];
  const match = extensions.find((e) => e.Domain.toLowerCase() === host) ?? extensions.find((e) => covers(e.Domain, host));
  const id = match?.ServerCertificateId ?? listener.ServerCertificateId;
  const certificate = scenario.serverCertificates.find((c) => c.ServerCertificateId === id);
  if (!certificate) throw new Error(`listener ${listener.ListenerPort}: no server certificate ${id}`);
  return certificate;
}

export interface HandshakeCheck {
  failure: TlsFailure | undefined;
  certificate: ServerCertificate;
  /** One line for the journey. */
  why: string;
}

/**
 * What an HTTPS listener decides about a ClientHello before any key operation: the client's
 * highest version against the cipher policy's minimum, mutual TLS, and certificate expiry against
 * the simulated date (DOMAIN §4). `nowMs` is simulated wall-clock time (ms since the epoch, UTC).
 */
export function checkClientHello(scenario: Scenario, listener: Listener, client: TlsClientSpec, sni: string, nowMs: number): HandshakeCheck {
  const certificate = certificateFor(scenario, listener, sni);
  const policy = listener.TLSCipherPolicy ?? 'tls_cipher_policy_1_0';
  const minimum = POLICY_MIN_VERSION[policy] ?? '1.0';
  const fail = (failure: TlsFailure, why: string): HandshakeCheck => ({ failure, certificate, why });
  if ((VERSION_RANK[client.maxVersion] ?? 0) < (VERSION_RANK[minimum] ?? 0)) return fail('protocol_version', `client offers TLS ≤ ${client.maxVersion}; ${policy} needs TLS ${minimum} or later`);
  if (parsedEpochMs(certificate.ExpireTime, 0) <= nowMs) return fail('certificate_expired', `certificate ${certificate.ServerCertificateId} for ${sni} expired at ${certificate.ExpireTime}`);
  if (listener.CACertificateId !== undefined) {
    const ca = scenario.caCertificates.find((c) => c.CACertificateId === listener.CACertificateId);
    if (ca && parsedEpochMs(ca.ExpireTime, 0) <= nowMs) return fail('ca_certificate_expired', `CA certificate ${ca.CACertificateId} expired at ${ca.ExpireTime}: no client certificate can be verified`);
    if (!client.clientCertificate) return fail('client_certificate_required', `mutual TLS (${listener.CACertificateId}): the client has no client certificate`);
  }
  return { failure: undefined, certificate, why: `SNI ${sni} → certificate ${certificate.ServerCertificateId} (${certificate.EncryptionAlgorithm}), TLS ${client.maxVersion} under ${policy}` };
}

/** Simulated time as UTC epoch ms: billing.startTime is a UTC+8 wall-clock time. */
export function simulatedEpochMs(startTime: string, nowUs: number): number {
  return parsedEpochMs(startTime, 8) + nowUs / 1000;
}

/** Parsed times by offset and text: every handshake reads the same few certificate dates and start time. */
const parsed = new Map<number, Map<string, number>>();

function parsedEpochMs(time: string, offsetHours: number): number {
  let byText = parsed.get(offsetHours);
  if (!byText) parsed.set(offsetHours, (byText = new Map()));
  let ms = byText.get(time);
  if (ms === undefined) byText.set(time, (ms = epochMs(time, offsetHours)));
  return ms;
}
