/**
 * The Host header as nginx 1.22 checks it (`ngx_http_validate_host` in ngx_http_request.c): the
 * name is cut at the first ":" (the port; an IPv6 literal "[…]" keeps its colons), one trailing
 * dot goes, ASCII upper case is lowered. It is invalid — nginx answers 400 — when it contains
 * "..", a "/", a control character, space or DEL, or is empty once the port and dot are gone.
 * Newer nginx (1.25+) is stricter about other characters; this follows 1.22, the one CI runs.
 */
export type HostCheck = { ok: true; host: string } | { ok: false; reason: string };

export function validateHost(raw: string): HostCheck {
  let dotPos = raw.length;
  let hostLen = raw.length;
  let state: 'usual' | 'literal' | 'rest' = 'usual';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw.charCodeAt(i);
    if (ch === 0x2e /* . */) {
      if (dotPos === i - 1) return { ok: false, reason: 'contains ".."' };
      dotPos = i;
    } else if (ch === 0x3a /* : */) {
      if (state === 'usual') {
        hostLen = i;
        state = 'rest';
      }
    } else if (ch === 0x5b /* [ */) {
      if (i === 0) state = 'literal';
    } else if (ch === 0x5d /* ] */) {
      if (state === 'literal') {
        hostLen = i + 1;
        state = 'rest';
      }
    } else if (ch === 0x2f /* / (nginx's path separator on Unix) */) {
      return { ok: false, reason: 'contains "/"' };
    } else if (ch <= 0x20 || ch === 0x7f) {
      return { ok: false, reason: 'contains a space or control character' };
    }
  }
  if (dotPos === hostLen - 1) hostLen--;
  if (hostLen <= 0) return { ok: false, reason: 'is empty once the port and trailing dot are removed' };
  return { ok: true, host: raw.slice(0, hostLen).replace(/[A-Z]+/g, (s) => s.toLowerCase()) };
}
