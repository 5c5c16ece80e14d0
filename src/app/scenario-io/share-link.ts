import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import { withoutSecrets } from './secrets';

/** A run as a link carries it: the scenario file (its journal included), the seed and where to stop. */
export interface SharedRun {
  scenario: unknown;
  seed: number;
  /** Simulated time the run was at; opening the link runs (paused) to it. */
  atUs: number;
}

/** The URL fragment's key: `#run=1.<payload>` (a fragment never reaches a server). */
export const SHARE_KEY = 'run';
/** The payload's format: 1 = deflate (fflate) of the JSON, base64url. */
const FORMAT = '1';

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('the link holds characters that are not base64url');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** The run as a fragment value, secrets removed (`removed` names them, for the UI to say so). */
export function encodeSharedRun(run: SharedRun): { value: string; removed: string[] } {
  const { document, removed } = withoutSecrets(run);
  return { value: `${FORMAT}.${toBase64Url(deflateSync(strToU8(JSON.stringify(document)), { level: 9 }))}`, removed };
}

export type DecodedRun = { ok: true; run: SharedRun } | { ok: false; message: string };

/** Reads a fragment value back; never throws: a damaged link gets a message saying what is wrong. */
export function decodeSharedRun(value: string): DecodedRun {
  const dot = value.indexOf('.');
  if (dot < 0 || value.slice(0, dot) !== FORMAT) return { ok: false, message: `the link's format "${value.slice(0, Math.max(0, dot))}" is not one this version reads (${FORMAT})` };
  let json: unknown;
  try {
    json = JSON.parse(strFromU8(inflateSync(fromBase64Url(value.slice(dot + 1)))));
  } catch (error) {
    return { ok: false, message: `the link is damaged (${(error as Error).message}); was it cut short when copied?` };
  }
  if (typeof json !== 'object' || json === null || !('scenario' in json)) return { ok: false, message: 'the link holds no scenario' };
  const { scenario, seed, atUs } = json as Record<string, unknown>;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0) return { ok: false, message: 'the link\'s seed must be a non-negative integer' };
  if (typeof atUs !== 'number' || !Number.isFinite(atUs) || atUs < 0) return { ok: false, message: 'the link\'s time must be a non-negative number of microseconds' };
  return { ok: true, run: { scenario, seed, atUs } };
}

/** The `run` value of a location hash (`#run=…`), if any. */
export function sharedRunOfHash(hash: string): string | undefined {
  return new URLSearchParams(hash.replace(/^#/, '')).get(SHARE_KEY) ?? undefined;
}

/** The page's address with the run in its fragment (and no other query: the link stands alone). */
export function shareUrl(location: Pick<Location, 'origin' | 'pathname'>, value: string): string {
  return `${location.origin}${location.pathname}#${SHARE_KEY}=${value}`;
}
