/** What stands in for a secret in what leaves the app (the journal uses the same marker). */
export const REDACTED = '(redacted)';

/** Parameter and field names whose values are secrets wherever they appear. */
const SECRET_NAMES = new Set(['PrivateKey', 'AccessKeySecret', 'access_key_secret', 'private_key']);
const PEM_PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

/**
 * A copy of a document with every secret replaced by REDACTED: fields named like a private key or
 * an API secret, and any string holding a PEM private key. The simulator never keeps private keys
 * (certificates are stored by fingerprint and the journal redacts `PrivateKey`), so this finds
 * nothing in what the app itself wrote; it guards links and files made from hand-edited JSON.
 * `removed` lists each replaced value's path.
 */
export function withoutSecrets<T>(document: T): { document: T; removed: string[] } {
  const removed: string[] = [];
  const walk = (value: unknown, path: string, name: string): unknown => {
    if (typeof value === 'string') {
      if ((SECRET_NAMES.has(name) && value !== REDACTED) || PEM_PRIVATE_KEY.test(value)) {
        removed.push(path);
        return REDACTED;
      }
      return value;
    }
    if (Array.isArray(value)) return value.map((item, i) => walk(item, `${path}.${i}`, name));
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, walk(item, path ? `${path}.${key}` : key, key)]));
    }
    return value;
  };
  return { document: walk(document, '', '') as T, removed };
}
