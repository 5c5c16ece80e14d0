import { HIGH_BYTE_BASE, regexSubject, toBytes } from './bytes';

/**
 * nginx matches `location ~` and `server_name ~` with PCRE, compiled without UTF mode, on bytes.
 * This translates the part of PCRE that JS RegExp can express with the same meaning and rejects
 * the rest with the reason, so a config never matches differently by accident:
 * - `.` is "any byte but \n" and `$` is "end, or before a final \n" in PCRE (JS: no \r; end only);
 * - `\s` is exactly [ \t\n\v\f\r] (JS adds U+00A0 and more); `\A` `\z` `\Z` have JS spellings;
 * - bytes ≥ 0x80 move to the Private Use Area on both sides (see bytes.ts `regexSubject`);
 * - a leading `(?i)` becomes the `i` flag; other inline options, possessive quantifiers, atomic
 *   groups, recursion, conditionals, `\Q…\E`, `\x{…}`, `\p`, `\K`, `\G`, `\R`, `\h` are rejected.
 */
export interface TranslatedRegex {
  /** Matches a byte string the way PCRE would (searches, like `pcre2_match` without anchoring). */
  test(bytes: string): boolean;
  readonly source: string;
}

export class UnsupportedRegex extends Error {}

const SPACE_CHARS = '\\t\\n\\v\\f\\r ';
const POSIX: Record<string, string> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: 'A-Za-z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  xdigit: '0-9A-Fa-f',
  space: SPACE_CHARS,
  word: '\\w',
};

/** One byte as a JS regex atom over `regexSubject` text. */
function byteAtom(code: number): string {
  if (code >= 0x80) return '\\u' + (HIGH_BYTE_BASE + code).toString(16).toUpperCase();
  if (/[A-Za-z0-9_]/.test(String.fromCharCode(code))) return String.fromCharCode(code);
  return '\\x' + code.toString(16).padStart(2, '0');
}

const CLASS_CONTROLS: Record<string, number> = { b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, e: 27, a: 7 };

type ClassItem = { kind: 'byte'; code: number } | { kind: 'raw'; text: string };

function classRange(lo: number, hi: number): string {
  if (hi < 0x80 || lo >= 0x80) return `${byteAtom(lo)}-${byteAtom(hi)}`;
  return `${byteAtom(lo)}-${byteAtom(0x7f)}${byteAtom(0x80)}-${byteAtom(hi)}`;
}

export function translatePcre(pattern: string, caseless: boolean): TranslatedRegex {
  const p = toBytes(pattern);
  let i = 0;
  let flags = caseless ? 'i' : '';
  if (p.startsWith('(?i)')) {
    flags = 'i';
    i = 4;
  }
  let out = '';
  const fail = (what: string): never => {
    throw new UnsupportedRegex(`"${pattern}": ${what} is PCRE syntax that JS RegExp cannot express the same way`);
  };

  const hexByte = (): number => {
    // at the "x" of \xHH
    const hex = p.slice(i + 1, i + 3);
    if (p[i + 1] === '{') fail('\\x{…}');
    if (!/^[0-9a-fA-F]{2}$/.test(hex)) fail('\\x without two hex digits');
    i += 3;
    return parseInt(hex, 16);
  };

  const quantifierTail = (): void => {
    // after a quantifier: "?" makes it lazy (same in JS), "+" possessive (not in JS)
    if (p[i] === '+') fail('a possessive quantifier (*+, ++, ?+, {n}+)');
    if (p[i] === '?') {
      out += '?';
      i++;
    }
  };

  const readClassItem = (): ClassItem => {
    const c = p[i];
    if (c === undefined) return fail('an unterminated character class');
    if (c === '[' && p[i + 1] === ':') {
      const end = p.indexOf(':]', i + 2);
      const name = end < 0 ? '' : p.slice(i + 2, end);
      const chars = POSIX[name];
      if (chars === undefined) return fail(`the POSIX class [:${name}:]`);
      i = end + 2;
      return { kind: 'raw', text: chars };
    }
    if (c !== '\\') {
      i++;
      return { kind: 'byte', code: c.charCodeAt(0) };
    }
    const e = p[i + 1];
    if (e === undefined) return fail('a trailing backslash');
    if (e === 'x') {
      i++;
      return { kind: 'byte', code: hexByte() };
    }
    i += 2;
    if (e === 'd' || e === 'D' || e === 'w' || e === 'W') return { kind: 'raw', text: '\\' + e };
    if (e === 's') return { kind: 'raw', text: SPACE_CHARS };
    const control = CLASS_CONTROLS[e];
    if (control !== undefined) return { kind: 'byte', code: control };
    if (/[A-Za-z0-9]/.test(e)) return fail(`\\${e} in a character class`);
    return { kind: 'byte', code: e.charCodeAt(0) };
  };

  const readClass = (): void => {
    // at the "[": PCRE takes a "]" right after "[" or "[^" literally; JS would read "[]" as empty
    i++;
    let negate = false;
    if (p[i] === '^') {
      negate = true;
      i++;
    }
    let body = '';
    let first = true;
    for (;;) {
      if (p[i] === ']' && !first) {
        i++;
        break;
      }
      first = false;
      const item = readClassItem();
      // "a-z" is a range; a "-" before "]" or next to a class escape is literal, as in PCRE
      if (item.kind === 'byte' && p[i] === '-' && p[i + 1] !== ']' && p[i + 1] !== undefined) {
        i++;
        const hi = readClassItem();
        if (hi.kind === 'byte') {
          if (item.code > hi.code) fail('a character class range out of order');
          body += classRange(item.code, hi.code);
        } else {
          body += byteAtom(item.code) + byteAtom(45) + hi.text;
        }
        continue;
      }
      body += item.kind === 'raw' ? item.text : byteAtom(item.code);
    }
    out += '[' + (negate ? '^' : '') + body + ']';
  };

  while (i < p.length) {
    const c = p[i]!;
    if (c === '\\') {
      const e = p[i + 1];
      if (e === undefined) fail('a trailing backslash');
      if (e === 'x') {
        i++;
        out += byteAtom(hexByte());
        continue;
      }
      i += 2;
      if (/[1-9]/.test(e as string)) out += '\\' + e;
      else if (e === 'd' || e === 'D' || e === 'w' || e === 'W' || e === 'b' || e === 'B') out += '\\' + e;
      else if (e === 's') out += `[${SPACE_CHARS}]`;
      else if (e === 'S') out += `[^${SPACE_CHARS}]`;
      else if (e === 't' || e === 'n' || e === 'r' || e === 'f' || e === 'v') out += '\\' + e;
      else if (e === 'e') out += '\\x1b';
      else if (e === 'a') out += '\\x07';
      else if (e === 'A') out += '^';
      else if (e === 'z') out += '$';
      else if (e === 'Z') out += '(?=\\n?$)';
      else if (/[A-Za-z0-9]/.test(e as string)) fail(`the escape \\${e}`);
      else out += byteAtom((e as string).charCodeAt(0));
      continue;
    }
    if (c === '[') {
      readClass();
      continue;
    }
    if (c === '.') {
      out += '[^\\n]';
      i++;
      continue;
    }
    if (c === '$') {
      out += '(?=\\n?$)';
      i++;
      continue;
    }
    if (c === '(') {
      i++;
      if (p[i] === '*') fail('a backtracking verb (*…)');
      if (p[i] !== '?') {
        out += '(';
        continue;
      }
      const rest = p.slice(i);
      const named = /^\?(?:P?<([A-Za-z_][A-Za-z0-9_]*)>|'([A-Za-z_][A-Za-z0-9_]*)')/.exec(rest);
      if (named) {
        out += `(?<${named[1] ?? named[2]}>`;
        i += named[0].length;
      } else if (/^\?(?::|=|!|<=|<!)/.test(rest)) {
        const m = /^\?(?::|=|!|<=|<!)/.exec(rest)!;
        out += '(' + m[0];
        i += m[0].length;
      } else {
        fail(`the group "(${rest.slice(0, 3)}…"`);
      }
      continue;
    }
    if (c === '*' || c === '+' || c === '?') {
      out += c;
      i++;
      quantifierTail();
      continue;
    }
    if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i));
      if (m) {
        out += m[0];
        i += m[0].length;
        quantifierTail();
      } else {
        out += '\\{';
        i++;
      }
      continue;
    }
    if (c === '^' || c === '|' || c === ')') {
      out += c;
      i++;
      continue;
    }
    out += byteAtom(c.charCodeAt(0));
    i++;
  }

  let regex: RegExp;
  try {
    regex = new RegExp(out, flags);
  } catch (error) {
    throw new UnsupportedRegex(`"${pattern}": ${(error as Error).message}`);
  }
  return { source: pattern, test: (bytes) => regex.test(regexSubject(bytes)) };
}
