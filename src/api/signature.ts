import { ApiError, missingParameter } from './errors';
import type { ActionParams } from './router';

/**
 * POP RPC signatures (SignatureVersion 1.0, HMAC-SHA1), as the SLB endpoint checks them and the
 * official clients (`@alicloud/pop-core`) compute them (DOMAIN §7).
 *
 * The HMAC itself is passed in: this module is part of the browser build too, where Node's
 * crypto does not exist. The loopback server passes Node's (`nodeHmacSha1` in src/cli/serve.ts).
 */

/** HMAC-SHA1 of `data` keyed by `key` (both UTF-8), base64-encoded. */
export type HmacSha1 = (key: string, data: string) => string;

/** How far a request's Timestamp may be from the server's clock, either way. */
export const TIMESTAMP_WINDOW_MS = 15 * 60 * 1000;

/** Parameters every signed request carries (besides Action, Format and Version). */
export const SIGNATURE_PARAMETERS = [
  'AccessKeyId',
  'Signature',
  'SignatureMethod',
  'SignatureVersion',
  'SignatureNonce',
  'Timestamp',
] as const;

/** RFC 3986 percent-encoding: everything but A–Z a–z 0–9 - _ . ~ (so space → %20, * → %2A). */
export function percentEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The sorted, encoded `k=v&…` string of every parameter but Signature. */
export function canonicalizedQuery(params: ActionParams): string {
  return Object.keys(params)
    .filter((name) => name !== 'Signature' && params[name] !== undefined)
    .sort()
    .map((name) => `${percentEncode(name)}=${percentEncode(params[name]!)}`)
    .join('&');
}

/** `METHOD&%2F&` + encode(canonicalized query). */
export function stringToSign(method: string, params: ActionParams): string {
  return `${method.toUpperCase()}&${percentEncode('/')}&${percentEncode(canonicalizedQuery(params))}`;
}

export function computeSignature(hmac: HmacSha1, method: string, params: ActionParams, secret: string): string {
  return hmac(`${secret}&`, stringToSign(method, params));
}

/** `Date` → `YYYY-MM-DDThh:mm:ssZ`, the API's Timestamp format. */
export function formatTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface SigningOptions {
  accessKeyId: string;
  accessKeySecret: string;
  nonce: string;
  timestamp: string;
}

/**
 * `params` plus the signature parameters and Signature: a request as a client would send it
 * (Format JSON and Version 2014-05-15 unless `params` says otherwise).
 */
export function signParams(
  hmac: HmacSha1,
  method: string,
  params: Readonly<Record<string, string>>,
  options: SigningOptions,
): Record<string, string> {
  const unsigned: Record<string, string> = {
    Format: 'JSON',
    Version: '2014-05-15',
    ...params,
    AccessKeyId: options.accessKeyId,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: options.nonce,
    Timestamp: options.timestamp,
  };
  return { ...unsigned, Signature: computeSignature(hmac, method, unsigned, options.accessKeySecret) };
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

/** Compares without stopping at the first difference, so timing does not reveal how much matched. */
function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i % Math.max(b.length, 1));
  return diff === 0;
}

/**
 * Checks requests against known key pairs and remembers each accepted SignatureNonce for the
 * timestamp window, after which a replay would be rejected by its Timestamp anyway.
 */
export class SignatureVerifier {
  private readonly nonces = new Map<string, number>();

  constructor(
    private readonly hmac: HmacSha1,
    private readonly secrets: ReadonlyMap<string, string>,
    private readonly windowMs = TIMESTAMP_WINDOW_MS,
  ) {}

  /** Throws the API's error for a request that must not be served; returns on a good one. */
  verify(method: string, params: ActionParams, nowMs: number): void {
    for (const name of SIGNATURE_PARAMETERS) if (!params[name]) throw missingParameter(name);
    const get = (name: (typeof SIGNATURE_PARAMETERS)[number]): string => params[name]!;
    if (get('SignatureMethod') !== 'HMAC-SHA1') {
      throw new ApiError(
        400,
        'InvalidParameter',
        `The specified parameter "SignatureMethod" is not valid: "${get('SignatureMethod')}"; the simulator checks HMAC-SHA1 signatures.`,
      );
    }
    if (get('SignatureVersion') !== '1.0') {
      throw new ApiError(
        400,
        'InvalidParameter',
        `The specified parameter "SignatureVersion" is not valid: "${get('SignatureVersion')}"; use 1.0.`,
      );
    }
    const secret = this.secrets.get(get('AccessKeyId'));
    if (secret === undefined)
      throw new ApiError(404, 'InvalidAccessKeyId.NotFound', `Specified access key is not found: "${get('AccessKeyId')}".`);

    const timestampMs = parseTimestamp(get('Timestamp'));
    if (Math.abs(timestampMs - nowMs) > this.windowMs) {
      throw new ApiError(
        400,
        'InvalidTimeStamp.Expired',
        `Specified time stamp or date value is expired: "${get('Timestamp')}" is more than ${this.windowMs / 60_000} minutes from the server's time ${new Date(nowMs).toISOString()}.`,
      );
    }

    const expected = computeSignature(this.hmac, method, params, secret);
    if (!constantTimeEqual(expected, get('Signature'))) {
      throw new ApiError(
        400,
        'SignatureDoesNotMatch',
        `Specified signature is not matched with our calculation. The server signed: ${stringToSign(method, params)}`,
      );
    }

    this.forgetNoncesBefore(nowMs);
    const nonce = get('SignatureNonce');
    if (this.nonces.has(nonce)) throw new ApiError(400, 'SignatureNonceUsed', `Specified signature nonce was used already: "${nonce}".`);
    this.nonces.set(nonce, nowMs + this.windowMs);
  }

  private forgetNoncesBefore(nowMs: number): void {
    for (const [nonce, expiresMs] of this.nonces) if (expiresMs < nowMs) this.nonces.delete(nonce);
  }
}

function parseTimestamp(text: string): number {
  const match = TIMESTAMP.exec(text);
  const ms = match ? Date.UTC(+match[1]!, +match[2]! - 1, +match[3]!, +match[4]!, +match[5]!, +match[6]!) : NaN;
  // Date.UTC rolls 2026-02-30 over to March: a valid time formats back to the same text.
  if (!match || formatTimestamp(new Date(ms)) !== text) {
    throw new ApiError(
      400,
      'InvalidTimeStamp.Format',
      `Specified time stamp or date value is not well formatted: "${text}"; use UTC YYYY-MM-DDThh:mm:ssZ.`,
    );
  }
  return ms;
}
