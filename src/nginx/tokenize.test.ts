import { describe, expect, it } from 'vitest';
import { CodedError } from '../shared/errors';
import { parseDirectives } from './tokenize';

function errorOf(text: string): CodedError {
  try {
    parseDirectives(text);
  } catch (error) {
    if (error instanceof CodedError) return error;
    throw error;
  }
  throw new Error('expected a CodedError');
}

describe('nginx.conf tokenizer', () => {
  it('reads directives, blocks and their lines', () => {
    const tree = parseDirectives('worker_processes 1;\nhttp {\n  server {\n    listen 80;\n  }\n}\n');
    expect(tree.map((d) => [d.name, d.args, d.line])).toEqual([
      ['worker_processes', ['1'], 1],
      ['http', [], 2],
    ]);
    const server = tree[1]!.block![0]!;
    expect(server.name).toBe('server');
    expect(server.block![0]).toEqual({ name: 'listen', args: ['80'], line: 4, block: undefined });
  });

  it('skips comments, but "#" inside a word is part of it', () => {
    const tree = parseDirectives('# top\nreturn 200 a#b; # trailing\n');
    expect(tree).toEqual([{ name: 'return', args: ['200', 'a#b'], line: 2, block: undefined }]);
  });

  it('unquotes strings and unescapes \\" \\\\ \\n but keeps other backslashes (regexes need them)', () => {
    const [d] = parseDirectives(`location ~ "^/a\\.b{2}$" { return 200 'it\\'s\\n'; }`);
    expect(d!.args).toEqual(['~', '^/a\\.b{2}$']);
    expect(d!.block![0]!.args).toEqual(['200', "it's\n"]);
    expect(parseDirectives('x ^/a\\.b;')[0]!.args).toEqual(['^/a\\.b']);
  });

  it('keeps ${var} braces inside a word', () => {
    expect(parseDirectives('return 200 ${host}x;')[0]!.args).toEqual(['200', '${host}x']);
  });

  it('names the line and the rule of a syntax error', () => {
    expect(errorOf('http {\n  server {\n').message).toBe('nginx.conf line 2: a "{" opened here is never closed (missing "}")');
    expect(errorOf('listen 80\n}').message).toBe('nginx.conf line 2: unexpected "}": directive "listen" (line 1) is not terminated by ";"');
    expect(errorOf('listen 80').message).toBe('nginx.conf line 1: directive "listen" is not terminated by ";"');
    expect(errorOf('a;\n}\n').message).toBe('nginx.conf line 2: unexpected "}"');
    expect(errorOf('return 200 "abc;\n').message).toBe('nginx.conf line 1: unterminated "-quoted string');
    expect(errorOf('return "a"b;').message).toBe('nginx.conf line 1: unexpected "b" right after a quoted string');
    expect(errorOf('listen 80;\n;').code).toBe('NginxConfigSyntax');
    expect(errorOf('a;\n\n;').message).toBe('nginx.conf line 3: unexpected ";"');
  });
});
