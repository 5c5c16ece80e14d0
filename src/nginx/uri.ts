/**
 * The request target as nginx turns it into the URI that locations match
 * (`ngx_http_parse_complex_uri` in ngx_http_parse.c, nginx 1.22, merge_slashes on): the query
 * string (after "?") and fragment (after "#") are cut off; %XX is decoded and the decoded byte
 * then counts like a typed one (%2F is a slash, %2E a dot) — except a decoded "%", "#" or "?",
 * which stay literal; runs of "/" merge into one; "/./" segments vanish; "/../" removes the
 * previous segment, and climbing above the root is an invalid request (400). A bad %-escape or a
 * decoded NUL byte is also 400. Input and output are byte strings (see bytes.ts).
 */
export type UriCheck = { ok: true; uri: string; args: string } | { ok: false; reason: string };

type State = 'usual' | 'slash' | 'dot' | 'dotDot';

function hexValue(c: string | undefined): number {
  if (c === undefined) return -1;
  const v = parseInt(c, 16);
  return Number.isNaN(v) ? -1 : v;
}

/** Segments of plain characters, none starting with "." — what normalisation leaves exactly as it is. */
const NORMAL_URI = /^(?:\/[A-Za-z0-9\-_~!$&'()*+,;=:@]+(?:\.[A-Za-z0-9\-_~!$&'()*+,;=:@]*)*)*\/?$/;

/**
 * A cheap test for the common case: true only for a target normalizeUri would return unchanged
 * (no %, query, fragment, "//", or dot segment), so hot paths can skip the full parse.
 */
export function isNormalUri(target: string): boolean {
  return NORMAL_URI.test(target);
}

export function normalizeUri(target: string): UriCheck {
  if (!target.startsWith('/')) return { ok: false, reason: 'the request target does not start with "/"' };
  const u: string[] = [];
  let state: State = 'usual';
  let args = '';
  let i = 0;

  // u ends with "…X/..": drop "/.." and the segment X before it, keeping its leading "/"
  // (nginx: u -= 4, then back to the previous "/"); false when there is nothing to climb out of
  const climb = (): boolean => {
    for (let k = u.length - 4; k >= 0; k--) {
      if (u[k] === '/') {
        u.length = k + 1;
        return true;
      }
    }
    return false;
  };

  let end = target.length;
  for (;;) {
    if (i >= end) break;
    let ch = target[i]!;
    i++;
    let literal = false;
    if (ch === '%') {
      const hi = hexValue(target[i]);
      const lo = hexValue(target[i + 1]);
      if (hi < 0 || lo < 0 || i + 1 >= end) return { ok: false, reason: `a bad %-escape at "${target.slice(i - 1, i + 2)}"` };
      i += 2;
      const code = hi * 16 + lo;
      if (code === 0) return { ok: false, reason: 'a %00 byte' };
      ch = String.fromCharCode(code);
      // nginx appends a decoded "%", "#" or "?" as data, in the "usual" state
      if (ch === '%' || ch === '#' || ch === '?') literal = true;
    }
    if (literal) {
      u.push(ch);
      state = 'usual';
      continue;
    }
    if (ch === '?') {
      args = target.slice(i).split('#')[0] ?? '';
      end = i - 1;
      break;
    }
    if (ch === '#') {
      end = i - 1;
      break;
    }
    switch (state) {
      case 'usual':
        u.push(ch);
        if (ch === '/') state = 'slash';
        break;
      case 'slash':
        if (ch === '/') break; // merge_slashes
        u.push(ch);
        state = ch === '.' ? 'dot' : 'usual';
        break;
      case 'dot':
        if (ch === '/') {
          u.pop(); // "/./" → "/"
          state = 'slash';
        } else {
          u.push(ch);
          state = ch === '.' ? 'dotDot' : 'usual';
        }
        break;
      case 'dotDot':
        if (ch === '/') {
          if (!climb()) return { ok: false, reason: '"/.." climbs above the root' };
          state = 'slash';
        } else {
          u.push(ch);
          state = 'usual';
        }
        break;
    }
  }
  if (state === 'dot') u.pop();
  else if (state === 'dotDot') {
    if (!climb()) return { ok: false, reason: '"/.." climbs above the root' };
  }
  return { ok: true, uri: u.join(''), args };
}
