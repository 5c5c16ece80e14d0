/**
 * nginx compares and matches bytes, not characters: a URI decoded from `%C3%A9` is two bytes, and
 * `%FF` is a byte that is not UTF-8 at all. The router keeps such values as "byte strings", one
 * JS character per byte (0–255), so comparisons, lengths and regexes see what nginx sees.
 */

const encoder = new TextEncoder();

/** The UTF-8 bytes of a JS string, one character per byte. */
export function toBytes(text: string): string {
  // ASCII is by far the common case and needs no copy
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(text)) return text;
  let out = '';
  for (const byte of encoder.encode(text)) out += String.fromCharCode(byte);
  return out;
}

/** The first code point of the Private Use Area: bytes 0x80–0xFF are moved to U+E080–U+E0FF before regex matching. */
export const HIGH_BYTE_BASE = 0xe000;

/**
 * A byte string as the subject of a translated regex. PCRE (without UTF mode, as nginx compiles
 * it) treats bytes ≥ 0x80 as letters of no case and no class; JS's `i` flag would fold Latin-1
 * letters (0xE9 é ↔ 0xC9 É). Moving those bytes to the Private Use Area, which has no case and
 * matches neither \w nor \s, keeps the PCRE meaning (see pcre.ts).
 */
export function regexSubject(bytes: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(bytes)) return bytes;
  return bytes.replace(/[\x80-\xff]/g, (c) => String.fromCharCode(HIGH_BYTE_BASE + c.charCodeAt(0)));
}

/** A byte string shown to people: valid UTF-8 decodes, other high bytes print as %XX. */
export function showBytes(bytes: string): string {
  try {
    return decodeURIComponent(bytes.replace(/[%\x80-\xff]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')));
  } catch {
    return bytes.replace(/[\x80-\xff]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  }
}
