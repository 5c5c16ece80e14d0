import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import RPCClient from '@alicloud/pop-core';
import { describe, expect, it } from 'vitest';
import { ApiError } from './errors';

/** The SDK's default read timeout is 3 s; a loaded CI machine can take longer to answer (no test here measures speed). */
const CLIENT_TIMEOUT_MS = 60_000;
import {
  canonicalizedQuery,
  computeSignature,
  formatTimestamp,
  percentEncode,
  signParams,
  SignatureVerifier,
  stringToSign,
  type HmacSha1,
} from './signature';

const hmac: HmacSha1 = (key, data) => createHmac('sha1', key).update(data, 'utf8').digest('base64');
const NOW = Date.parse('2026-03-01T10:00:00Z');
const keys = new Map([['AKIDTEST', 'secret-1']]);

function signed(
  params: Record<string, string> = {},
  over: Partial<{ timestamp: string; nonce: string; secret: string; method: string }> = {},
) {
  return signParams(
    hmac,
    over.method ?? 'GET',
    { Action: 'DescribeLoadBalancers', ...params },
    {
      accessKeyId: 'AKIDTEST',
      accessKeySecret: over.secret ?? 'secret-1',
      nonce: over.nonce ?? randomUUID(),
      timestamp: over.timestamp ?? '2026-03-01T10:00:00Z',
    },
  );
}

function codeOf(run: () => void): { status: number; code: string } | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return { status: error.status, code: error.code };
    throw error;
  }
  return undefined;
}

describe('POP RPC signature 1.0', () => {
  it('percent-encodes per RFC 3986', () => {
    expect(percentEncode('a b*c~d/e:f+g!')).toBe('a%20b%2Ac~d%2Fe%3Af%2Bg%21');
    expect(percentEncode('ü')).toBe('%C3%BC');
  });

  it('signs the sorted, encoded parameters without Signature (a vector worked by hand)', () => {
    const params = { Version: '2014-05-15', Action: 'DescribeHealthStatus', LoadBalancerId: 'lb-1', Name: 'a b*', Signature: 'ignored' };
    expect(canonicalizedQuery(params)).toBe('Action=DescribeHealthStatus&LoadBalancerId=lb-1&Name=a%20b%2A&Version=2014-05-15');
    const toSign = 'POST&%2F&Action%3DDescribeHealthStatus%26LoadBalancerId%3Dlb-1%26Name%3Da%2520b%252A%26Version%3D2014-05-15';
    expect(stringToSign('post', params)).toBe(toSign);
    expect(computeSignature(hmac, 'POST', params, 'key')).toBe(createHmac('sha1', 'key&').update(toSign).digest('base64'));
  });

  it("matches the signature in Alibaba Cloud's documented example (testid / testsecret, DescribeRegions)", () => {
    const params = {
      AccessKeyId: 'testid',
      Action: 'DescribeRegions',
      Format: 'XML',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
      SignatureVersion: '1.0',
      Timestamp: '2016-02-23T12:46:24Z',
      Version: '2014-05-26',
    };
    expect(computeSignature(hmac, 'GET', params, 'testsecret')).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });

  it('accepts a good request once, then rejects its nonce', () => {
    const verifier = new SignatureVerifier(hmac, keys);
    const request = signed({}, { nonce: 'n-1' });
    expect(codeOf(() => verifier.verify('GET', request, NOW))).toBeUndefined();
    expect(codeOf(() => verifier.verify('GET', request, NOW + 1000))).toEqual({ status: 400, code: 'SignatureNonceUsed' });
    // The method is part of what was signed.
    expect(codeOf(() => verifier.verify('POST', signed(), NOW))).toEqual({ status: 400, code: 'SignatureDoesNotMatch' });
  });

  it.each([
    ['no Signature', (p: Record<string, string>) => delete p['Signature'], 400, 'MissingParameter'],
    ['no AccessKeyId', (p: Record<string, string>) => delete p['AccessKeyId'], 400, 'MissingParameter'],
    ['no SignatureNonce', (p: Record<string, string>) => delete p['SignatureNonce'], 400, 'MissingParameter'],
    ['no Timestamp', (p: Record<string, string>) => delete p['Timestamp'], 400, 'MissingParameter'],
    ['an unknown AccessKeyId', (p: Record<string, string>) => (p['AccessKeyId'] = 'AKIDOTHER'), 404, 'InvalidAccessKeyId.NotFound'],
    ['a changed parameter', (p: Record<string, string>) => (p['RegionId'] = 'cn-beijing'), 400, 'SignatureDoesNotMatch'],
    ['SignatureMethod HMAC-SHA256', (p: Record<string, string>) => (p['SignatureMethod'] = 'HMAC-SHA256'), 400, 'InvalidParameter'],
    ['SignatureVersion 2.0', (p: Record<string, string>) => (p['SignatureVersion'] = '2.0'), 400, 'InvalidParameter'],
    [
      'a Timestamp with milliseconds',
      (p: Record<string, string>) => (p['Timestamp'] = '2026-03-01T10:00:00.000Z'),
      400,
      'InvalidTimeStamp.Format',
    ],
    [
      'a Timestamp on 30 February',
      (p: Record<string, string>) => (p['Timestamp'] = '2026-02-30T10:00:00Z'),
      400,
      'InvalidTimeStamp.Format',
    ],
  ])('rejects a request with %s', (_what, spoil, status, code) => {
    const request = signed({ RegionId: 'cn-hangzhou' });
    spoil(request);
    expect(codeOf(() => new SignatureVerifier(hmac, keys).verify('GET', request, NOW))).toEqual({ status, code });
  });

  it('rejects a wrong secret and a Timestamp more than 15 minutes off, either way', () => {
    const verifier = new SignatureVerifier(hmac, keys);
    expect(codeOf(() => verifier.verify('GET', signed({}, { secret: 'guess' }), NOW))).toEqual({
      status: 400,
      code: 'SignatureDoesNotMatch',
    });
    const at = (ms: number) => signed({}, { timestamp: formatTimestamp(new Date(ms)) });
    expect(codeOf(() => verifier.verify('GET', at(NOW - 15 * 60_000 - 1000), NOW))).toEqual({
      status: 400,
      code: 'InvalidTimeStamp.Expired',
    });
    expect(codeOf(() => verifier.verify('GET', at(NOW + 15 * 60_000 + 1000), NOW))).toEqual({
      status: 400,
      code: 'InvalidTimeStamp.Expired',
    });
    expect(codeOf(() => verifier.verify('GET', at(NOW - 14 * 60_000), NOW))).toBeUndefined();
  });

  it('forgets nonces once their window has passed', () => {
    const verifier = new SignatureVerifier(hmac, keys);
    verifier.verify('GET', signed({}, { nonce: 'n-2' }), NOW);
    const later = NOW + 20 * 60_000;
    expect(
      codeOf(() => verifier.verify('GET', signed({}, { nonce: 'n-2', timestamp: formatTimestamp(new Date(later)) }), later)),
    ).toBeUndefined();
  });

  it("verifies @alicloud/pop-core's own signing, GET and POST", async () => {
    const verifier = new SignatureVerifier(hmac, new Map([['AKIDPOP', 'pop-secret']]));
    const verdicts: string[] = [];
    const server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        const params: Record<string, string> = Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams);
        for (const [k, v] of new URLSearchParams(body)) params[k] = v;
        const code = codeOf(() => verifier.verify(req.method ?? 'GET', params, Date.now()))?.code ?? 'ok';
        verdicts.push(`${req.method} ${params['Action']} ${params['LoadBalancerName']} ${code}`);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ RequestId: 'x' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const client = new RPCClient({
        accessKeyId: 'AKIDPOP',
        accessKeySecret: 'pop-secret',
        endpoint: `http://127.0.0.1:${port}`,
        apiVersion: '2014-05-15', opts: { timeout: CLIENT_TIMEOUT_MS },
      });
      await client.request('DescribeLoadBalancers', { RegionId: 'cn-hangzhou', LoadBalancerName: "web slb*~!'()" }, { method: 'POST' });
      await client.request('DescribeLoadBalancers', { RegionId: 'cn-hangzhou', LoadBalancerName: 'a+b/c' }, { method: 'GET' });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(verdicts).toEqual(["POST DescribeLoadBalancers web slb*~!'() ok", 'GET DescribeLoadBalancers a+b/c ok']);
  });
});
