import { CodedError } from '../shared/errors';

/**
 * The nginx.conf grammar as `ngx_conf_read_token` reads it: words separated by whitespace, `;`
 * ending a directive, `{` … `}` around a block, `#` starting a comment only where a word could
 * start (so `a#b` is one word), and '…' / "…" quoting with backslash escapes.
 */
export interface Directive {
  name: string;
  args: string[];
  /** 1-based line of the directive's name, for error messages. */
  line: number;
  /** The directives inside `{ … }`, or undefined for a simple `name args;` directive. */
  block: Directive[] | undefined;
}

type Token = { kind: 'word'; text: string; line: number } | { kind: ';' | '{' | '}'; line: number };

function syntaxError(line: number, message: string): CodedError {
  return new CodedError('NginxConfigSyntax', `nginx.conf line ${line}: ${message}`, `line ${line}`);
}

/** nginx's unescaping of a word: \" \' \\ lose the backslash, \t \r \n become controls, others stay. */
function unescape(raw: string): string {
  return raw.replace(/\\(["'\\trn])/g, (_m, c: string) => (c === 't' ? '\t' : c === 'r' ? '\r' : c === 'n' ? '\n' : c));
}

function tokens(text: string): Token[] {
  const out: Token[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\n') {
      line++;
      i++;
    } else if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
    } else if (ch === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (ch === ';' || ch === '{' || ch === '}') {
      out.push({ kind: ch, line });
      i++;
    } else if (ch === '"' || ch === "'") {
      const start = line;
      let raw = '';
      i++;
      for (;;) {
        if (i >= text.length) throw syntaxError(start, `unterminated ${ch}-quoted string`);
        const c = text[i]!;
        if (c === ch) break;
        if (c === '\\' && i + 1 < text.length) {
          raw += c + text[i + 1];
          if (text[i + 1] === '\n') line++;
          i += 2;
          continue;
        }
        if (c === '\n') line++;
        raw += c;
        i++;
      }
      i++;
      const next = text[i];
      // nginx: 'unexpected "x"' when a quoted string runs straight into the next word
      if (next !== undefined && !/[\s;{}]/.test(next)) throw syntaxError(line, `unexpected "${next}" right after a quoted string`);
      out.push({ kind: 'word', text: unescape(raw), line: start });
    } else {
      // A word ends at whitespace, ";" or "{" (but "${" stays in it); "}" does not end a word in
      // nginx either, so a regex with "{" must be quoted there too.
      let raw = '';
      while (i < text.length) {
        const c = text[i]!;
        if (c === '\\' && i + 1 < text.length) {
          raw += c + text[i + 1];
          i += 2;
          continue;
        }
        if (c === '{' && raw.endsWith('$')) {
          raw += c;
          i++;
          continue;
        }
        if (/[\s;{]/.test(c)) break;
        raw += c;
        i++;
      }
      out.push({ kind: 'word', text: unescape(raw), line });
    }
  }
  return out;
}

/** Parses nginx.conf text into a directive tree; syntax errors name the line and what was wrong. */
export function parseDirectives(text: string): Directive[] {
  const list = tokens(text);
  let pos = 0;

  function parseBlock(closing: number | undefined): Directive[] {
    const directives: Directive[] = [];
    for (;;) {
      const token = list[pos];
      if (token === undefined) {
        if (closing !== undefined) throw syntaxError(closing, 'a "{" opened here is never closed (missing "}")');
        return directives;
      }
      if (token.kind === '}') {
        if (closing === undefined) throw syntaxError(token.line, 'unexpected "}"');
        pos++;
        return directives;
      }
      if (token.kind !== 'word') throw syntaxError(token.line, `unexpected "${token.kind}"`);
      const args: string[] = [];
      pos++;
      for (;;) {
        const next = list[pos];
        if (next === undefined) throw syntaxError(token.line, `directive "${token.text}" is not terminated by ";"`);
        if (next.kind === 'word') {
          args.push(next.text);
          pos++;
        } else if (next.kind === ';') {
          pos++;
          directives.push({ name: token.text, args, line: token.line, block: undefined });
          break;
        } else if (next.kind === '{') {
          pos++;
          const block = parseBlock(next.line);
          directives.push({ name: token.text, args, line: token.line, block });
          break;
        } else {
          throw syntaxError(next.line, `unexpected "}": directive "${token.text}" (line ${token.line}) is not terminated by ";"`);
        }
      }
    }
  }

  return parseBlock(undefined);
}
