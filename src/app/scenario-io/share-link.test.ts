import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { examples } from '../../scenario/examples';
import { decodeSharedRun, encodeSharedRun, sharedRunOfHash, shareUrl } from './share-link';
import { REDACTED } from './secrets';

const KEY = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n';

describe('share links', () => {
  it('round-trip any JSON scenario, seed and time exactly', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(), fc.nat(), (scenario, seed, atUs) => {
        const { value } = encodeSharedRun({ scenario, seed, atUs });
        expect(value).toMatch(/^1\.[A-Za-z0-9_-]*$/); // safe in a URL fragment as it is
        const decoded = decodeSharedRun(value);
        // JSON drops -0 and undefined: compare through JSON, as the link carries it.
        expect(decoded).toEqual({ ok: true, run: JSON.parse(JSON.stringify({ scenario, seed, atUs })) });
      }),
      { numRuns: 200, seed: 14 },
    );
  });

  it('compress: the largest built-in example with a journal fits a link well under 8 KB', () => {
    const journal = Array.from({ length: 20 }, (_, i) => ({ atUs: i * 1e6, source: 'api', action: 'SetBackendServers', params: { LoadBalancerId: 'lb-bp1default0001', BackendServers: '[{"ServerId":"i-a1","Weight":50}]' } }));
    const sizes = Object.values(examples).map((scenario) => encodeSharedRun({ scenario: { ...scenario, journal }, seed: 1, atUs: 0 }).value.length);
    expect(Math.max(...sizes)).toBeLessThan(8000);
  });

  it('never carry a private key: it is replaced by the redaction marker and named', () => {
    const scenario = { journal: [{ atUs: 0, source: 'api', action: 'UploadServerCertificate', params: { PrivateKey: KEY, ServerCertificate: 'cert' } }], description: `pasted ${KEY}` };
    const { value, removed } = encodeSharedRun({ scenario, seed: 1, atUs: 0 });
    expect(removed).toEqual(['scenario.journal.0.params.PrivateKey', 'scenario.description']);
    const decoded = decodeSharedRun(value);
    expect(JSON.stringify(decoded)).not.toContain('PRIVATE KEY');
    expect(decoded.ok && (decoded.run.scenario as typeof scenario).journal[0]!.params.PrivateKey).toBe(REDACTED);
  });

  it('a damaged or foreign link gets a message, never an exception', () => {
    const good = encodeSharedRun({ scenario: { name: 'x' }, seed: 3, atUs: 5 }).value;
    for (const bad of ['', 'nonsense', '2.abc', good.slice(0, good.length - 6), '1.***', `${good}x`]) {
      const decoded = decodeSharedRun(bad);
      expect(decoded.ok, bad).toBe(false);
      if (!decoded.ok) expect(decoded.message.length).toBeGreaterThan(10);
    }
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(() => decodeSharedRun(text)).not.toThrow();
      }),
      { numRuns: 300, seed: 15 },
    );
  });

  it('the link is the page with the run in its fragment; the fragment is read back', () => {
    const url = shareUrl({ origin: 'http://127.0.0.1:5173', pathname: '/' }, '1.abc');
    expect(url).toBe('http://127.0.0.1:5173/#run=1.abc');
    expect(sharedRunOfHash(new URL(url).hash)).toBe('1.abc');
    expect(sharedRunOfHash('#other=1')).toBeUndefined();
  });
});
