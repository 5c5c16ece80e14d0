import { describe, expect, it } from 'vitest';
import { parseNginxConfig } from './config';
import { buildPortServers } from './servers';

/** Servers on port 80 named as given (one `server_name` line each); returns the index chosen for a host. */
function chooser(names: string[], extra: Record<number, string> = {}): (host: string | undefined) => number {
  const text = names.map((n, i) => `server { listen 80${extra[i] ?? ''}; ${n === '' ? '' : `server_name ${n};`} }`).join('\n');
  const ports = buildPortServers(parseNginxConfig(text), 80)!;
  return (host) => ports.find(host).server.index;
}

describe('server_name selection in nginx order (DOMAIN §3)', () => {
  it('exact name beats every wildcard and regex', () => {
    const pick = chooser(['"~^www"', '*.aliyun.com', 'www.*', 'www.aliyun.com']);
    expect(pick('www.aliyun.com')).toBe(3);
  });

  it('the longest leading wildcard wins: market → *.aliyun.com, info.market → *.market.aliyun.com', () => {
    const pick = chooser(['default.test', '*.aliyun.com', '*.market.aliyun.com', 'www.aliyun.com']);
    expect(pick('market.aliyun.com')).toBe(1);
    expect(pick('info.market.aliyun.com')).toBe(2);
    expect(pick('a.b.info.market.aliyun.com')).toBe(2);
    expect(pick('aliyun.com')).toBe(0); // "*.x" needs one more label
  });

  it('".example.com" matches the bare domain and its subdomains', () => {
    const pick = chooser(['other.test', '.example.com']);
    expect(pick('example.com')).toBe(1);
    expect(pick('a.b.example.com')).toBe(1);
    expect(pick('badexample.com')).toBe(0);
  });

  it('leading wildcards beat trailing ones, and the longest trailing wildcard wins', () => {
    const pick = chooser(['d.test', 'www.*', 'www.example.*', '*.com']);
    expect(pick('www.example.com')).toBe(3);
    expect(pick('www.example.org')).toBe(2);
    expect(pick('www.other.org')).toBe(1);
    expect(pick('www.example')).toBe(1); // "www.example.*" needs a label after "www.example."
  });

  it('then the first matching regex in file order; a regex with upper case is caseless', () => {
    const pick = chooser(['d.test', '"~^api\\d+\\."', '"~^api"', '"~^WEB\\."']);
    expect(pick('api12.test')).toBe(1);
    expect(pick('api.test')).toBe(2);
    expect(pick('web.test')).toBe(3);
    expect(chooser(['d.test', '"~^web\\."'])('WEB.test'.toLowerCase())).toBe(1);
  });

  it('else the default server: default_server on the listen, or the first server on the port', () => {
    expect(chooser(['a.test', 'b.test'])('c.test')).toBe(0);
    expect(chooser(['a.test', 'b.test'], { 1: ' default_server' })('c.test')).toBe(1);
  });

  it('no Host header: the server named "" (any server without server_name), else the default', () => {
    expect(chooser(['a.test', '', 'b.test'])(undefined)).toBe(1);
    expect(chooser(['a.test', 'b.test'], { 1: ' default_server' })(undefined)).toBe(1);
    expect(chooser(['a.test', '"~.*"'])(undefined)).toBe(0); // regexes are not tried on an empty name
  });

  it('a name repeated on the port is ignored: the first server keeps it', () => {
    const config = parseNginxConfig('server { listen 80; server_name a.test; }\nserver { listen 80; server_name a.test b.test; }\nserver { listen 80; server_name *.x.test .x.test; }');
    const ports = buildPortServers(config, 80)!;
    expect(ports.find('a.test').server.index).toBe(0);
    expect(ports.find('x.test').server.index).toBe(0); // ".x.test" conflicted with "*.x.test": ignored
    expect(ports.conflicts).toEqual(['a.test', '.x.test']);
  });

  it('a single server on a port answers everything, as nginx builds no name tables then', () => {
    const ports = buildPortServers(parseNginxConfig('server { listen 80; server_name a.test; }\nserver { listen 81; }'), 80)!;
    expect(ports.find('zzz').server.index).toBe(0);
  });

  it('rejects a wildcard in the middle, two wildcards, or ".." like nginx', () => {
    expect(() => chooser(['a.test', 'www.*.com'])).toThrow('invalid server name or wildcard "www.*.com" on port 80');
    expect(() => chooser(['a.test', '*.a.*'])).toThrow('invalid server name or wildcard');
    expect(() => chooser(['a.test', 'a..test'])).toThrow('invalid server name or wildcard');
  });
});
