import { attached, oneLoadBalancer } from '../../scenario/examples/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../scenario/schema';
import type { JourneyEntry } from '../journal';
import { entries, run } from '../../test/engine-harness';

/** HTTPS handshakes through the Key Server and the TLS checks (DOMAIN §4). */

const T1 = 2_000_000;
const T2 = 4_000_000;

function https(overrides: { faults?: ScenarioInput['faults']; listener?: Record<string, unknown>; tls?: Record<string, unknown>; certificate?: Record<string, unknown>; clients?: Partial<NonNullable<ScenarioInput['clients']>[number]> } = {}): ScenarioInput {
  return oneLoadBalancer({
    cluster: { lvsNodes: 2, tengineNodes: 2, keyServers: 1 },
    serverCertificates: [{ ServerCertificateId: 'cert-www', CommonName: 'www.example.com', ...overrides.certificate }],
    listeners: [{ ListenerProtocol: 'https', ListenerPort: 443, ServerCertificateId: 'cert-www', HealthCheck: 'off', ...overrides.listener }],
    ...attached([
      { ServerId: 'i-b1', PrivateIp: '10.0.0.1', serviceTimeMs: 5 },
      { ServerId: 'i-b2', PrivateIp: '10.0.0.2', serviceTimeMs: 5 },
    ]),
    clients: [
      {
        ListenerPort: 443,
        clientIps: 20,
        arrival: { type: 'constant', connectionsPerSecond: 50, stopAfterSeconds: 6 },
        exchanges: 3,
        thinkTimeMs: 300,
        http: { mix: [{ host: 'www.example.com', path: '/', contentType: 'text/html' }] },
        tls: { resumption: 0.5, ...overrides.tls },
        ...overrides.clients,
      },
    ],
    faults: overrides.faults ?? [],
  });
}

const isFull = (e: JourneyEntry) => e.event === 'tls' && e.reason.startsWith('full handshake');
const isResumed = (e: JourneyEntry) => e.event === 'tls' && e.reason.startsWith('resumed handshake');
const isKeyServerFailure = (e: JourneyEntry) => e.event === 'tls failed' && e.reason.startsWith('keyserver_unavailable');
const inWindow = (e: JourneyEntry) => e.timeUs >= T1 && e.timeUs < T2;

describe('a Key Server outage from t1 to t2', () => {
  let outage: ReturnType<typeof run>;
  beforeAll(() => {
    outage = run(
      https({
        faults: [
          { atS: T1 / 1e6, action: 'keyserver-down', target: 'keyserver-1' },
          { atS: T2 / 1e6, action: 'keyserver-up', target: 'keyserver-1' },
        ],
      }),
      15,
    );
  });

  it('fails exactly the full handshakes attempted in [t1, t2), and only those', () => {
    const all = outage.journal.entries;
    const failures = all.filter(isKeyServerFailure);
    expect(failures.length).toBeGreaterThan(10);
    expect(failures.every(inWindow)).toBe(true);
    // Every full handshake attempted in the window failed: none succeeded there; outside it they all went through.
    expect(all.filter((e) => isFull(e) && inWindow(e))).toEqual([]);
    expect(all.filter((e) => isFull(e) && !inWindow(e)).length).toBeGreaterThan(10);
    expect(outage.report.tls.failedHandshakes).toEqual({ keyserver_unavailable: failures.length });
    expect(outage.report.tls.fullHandshakes).toBe(all.filter(isFull).length);
    expect(outage.report.keyServer.requests).toBe(outage.report.tls.fullHandshakes);
  });

  it('resumed handshakes in the window succeed, and established connections carry on: every request sent gets 200', () => {
    const all = outage.journal.entries;
    expect(all.filter((e) => isResumed(e) && inWindow(e)).length).toBeGreaterThan(5);
    expect(outage.report.requests.byStatus).toEqual({ '200': outage.report.requests.sent });
    // Connections that were mid-way through their requests when the Key Server went down all completed.
    const spanning = new Set(all.filter((e) => e.event === 'response' && e.timeUs >= T1 && e.timeUs < T2).map((e) => e.conn));
    expect(spanning.size).toBeGreaterThan(10);
    const outcomes = outage.report.connections.byOutcome;
    expect(Object.keys(outcomes).sort()).toEqual(['completed', 'tls_handshake_failed']);
    expect(outcomes['tls_handshake_failed']).toBe(all.filter(isKeyServerFailure).length);
    expect(outage.report.invariants.violations).toEqual([]);
  });

  it('a full handshake waits for the Key Server: the first request’s latency includes the round trip and the key operation', () => {
    const slowKeys = run(https({ tls: { resumption: 0 }, clients: { arrival: { type: 'constant', connectionsPerSecond: 1, maxConnections: 1 }, exchanges: 1 } }), 5);
    const fastKeys = run(
      {
        ...https({ tls: { resumption: 0 }, clients: { arrival: { type: 'constant', connectionsPerSecond: 1, maxConnections: 1 }, exchanges: 1 } }),
        cluster: { lvsNodes: 2, tengineNodes: 2, keyServers: 1, keyServer: { rsaOpMs: 0.001 } },
      },
      5,
    );
    const latency = (r: ReturnType<typeof run>) => Number(/after ([\d.]+) ms/.exec(entries(r.journal, 1, 'response').at(-1)!.reason)![1]);
    // The default RSA-2048 operation is 1.5 ms; at 0.001 ms the request comes back 1.499 ms sooner.
    expect(latency(slowKeys) - latency(fastKeys)).toBeCloseTo(1.499, 3);
  });
});

describe('TLS checks before any key operation', () => {
  const failuresOf = (input: ScenarioInput) => run(input, 4).report.tls.failedHandshakes;

  it('a client below the cipher policy’s minimum version fails with protocol_version', () => {
    expect(failuresOf(https({ listener: { TLSCipherPolicy: 'tls_cipher_policy_1_2' }, tls: { maxVersion: '1.1' } }))).toMatchObject({ protocol_version: expect.any(Number) });
    expect(failuresOf(https({ listener: { TLSCipherPolicy: 'tls_cipher_policy_1_1' }, tls: { maxVersion: '1.1' } }))).toEqual({});
  });

  it('a certificate is checked against the simulated date: valid before ExpireTime, expired from then on', () => {
    // billing.startTime 2026-01-01T09:30:00 (UTC+8) is 01:30:00Z: this certificate expires at simulated 2 s.
    const { journal, report } = run(https({ certificate: { ExpireTime: '2026-01-01T01:30:02Z' } }), 4);
    const expired = journal.entries.filter((e) => e.event === 'tls failed' && e.reason.startsWith('certificate_expired'));
    expect(expired.length).toBeGreaterThan(0);
    expect(expired.every((e) => e.timeUs >= 2_000_000)).toBe(true);
    expect(journal.entries.filter((e) => e.event === 'tls' && e.timeUs >= 2_000_000)).toEqual([]);
    expect(report.tls.fullHandshakes).toBeGreaterThan(0);
  });

  it('CACertificateId turns on mutual TLS: clients without a client certificate are rejected', () => {
    const mutual = { listener: { CACertificateId: 'ca-1' } };
    const withCa = (input: ScenarioInput): ScenarioInput => ({ ...input, caCertificates: [{ CACertificateId: 'ca-1' }] });
    expect(failuresOf(withCa(https(mutual)))).toMatchObject({ client_certificate_required: expect.any(Number) });
    expect(failuresOf(withCa(https({ ...mutual, tls: { clientCertificate: true } })))).toEqual({});
  });

  it('an extra domain (SNI) presents its own certificate', () => {
    const input = https({ listener: { DomainExtensions: [{ Domain: '*.shop.example.com', ServerCertificateId: 'cert-shop' }] } });
    input.serverCertificates!.push({ ServerCertificateId: 'cert-shop', EncryptionAlgorithm: 'ECC' });
    input.clients![0]!.http = { mix: [{ host: 'cart.shop.example.com', path: '/', contentType: 'text/html' }] };
    const { journal } = run(input, 2);
    const full = journal.entries.find(isFull)!;
    expect(full.reason).toContain('SNI cart.shop.example.com → certificate cert-shop (ECC)');
    expect(full.reason).toContain('ECDSA signature');
  });
});
