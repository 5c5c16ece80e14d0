import type { ActionParams } from './router';

/** Stands in for a secret in the journal: saved runs are shared as files and links. */
export const REDACTED = '(redacted)';

/** The transport's and signature's parameters say nothing about the change: the journal leaves them out. */
const TRANSPORT_PARAMS = new Set(['Action', 'Version', 'Format', 'AccessKeyId', 'Signature', 'SignatureMethod', 'SignatureVersion', 'SignatureNonce', 'SignatureType', 'Timestamp']);

/** Parameters that are secrets: journaled as REDACTED (the action checked them when the call was made). */
const SECRET_PARAMS = new Set(['PrivateKey']);

/** What the journal keeps of a request's parameters. */
export function journalParams(params: ActionParams): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || TRANSPORT_PARAMS.has(name)) continue;
    kept[name] = SECRET_PARAMS.has(name) ? REDACTED : value;
  }
  return kept;
}
