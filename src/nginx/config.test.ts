import { describe, expect, it } from 'vitest';
import { parseNginxConfig } from './config';

describe('nginx.conf routing model', () => {
  it('reads servers, listens, names, locations and upstreams in file order', () => {
    const config = parseNginxConfig(`
      user nobody;                       # outside http: ignored
      http {
        upstream App { server 10.0.0.1:80 weight=3 max_fails=2; server 10.0.0.2 down; server 10.0.0.3 backup; }
        server {
          listen 127.0.0.1:8080 default_server;
          listen [::1]:8081;
          server_name WWW.Example.com "~^(?<sub>\\w+)\\.example\\.com$";
          location = / { return 204; }
          location ^~ /static/ { root /srv; }
          location ~* \\.png$ { proxy_pass http://App; }
          location @fallback { return 500; }
        }
        server { listen 81; }
      }`);
    const [first, second] = config.servers;
    expect(first!.listens.map(({ port, address, defaultServer }) => ({ port, address, defaultServer }))).toEqual([
      { port: 8080, address: '127.0.0.1', defaultServer: true },
      { port: 8081, address: '[::1]', defaultServer: false },
    ]);
    expect(first!.names.map((n) => n.name)).toEqual(['www.example.com', '~^(?<sub>\\w+)\\.example\\.com$']);
    expect(first!.locations.map((l) => [l.index, l.modifier, l.pattern])).toEqual([
      [0, '=', '/'],
      [1, '^~', '/static/'],
      [2, '~*', '\\.png$'],
      [3, '@', '@fallback'],
    ]);
    expect(first!.locations[0]!.ret).toEqual({ code: 204, text: undefined });
    expect(first!.locations[2]!.proxyPass).toBe('http://App');
    expect(second!.names).toEqual([{ name: '', regex: undefined }]); // no server_name: the name ""
    expect(config.upstreams).toEqual([
      {
        name: 'App',
        line: 4,
        peers: [
          { address: '10.0.0.1:80', weight: 3, down: false, backup: false },
          { address: '10.0.0.2', weight: 1, down: true, backup: false },
          { address: '10.0.0.3', weight: 1, down: false, backup: true },
        ],
      },
    ]);
  });

  it('takes listen forms as nginx does, and port 80 when a server has no listen', () => {
    const config = parseNginxConfig('server { listen 8000; listen *:8001; listen 10.0.0.1; } server { }');
    expect(config.servers[0]!.listens.map((l) => [l.address, l.port])).toEqual([
      [undefined, 8000],
      [undefined, 8001],
      ['10.0.0.1', 80],
    ]);
    expect(config.servers[1]!.listens.map((l) => l.port)).toEqual([80]);
  });

  it('reads modifiers glued to the pattern (=/x, ^~/x, ~*x, ~x)', () => {
    const config = parseNginxConfig('server { location =/x {} location ^~/y {} location ~*z {} location ~w {} }');
    expect(config.servers[0]!.locations.map((l) => [l.modifier, l.pattern])).toEqual([
      ['=', '/x'],
      ['^~', '/y'],
      ['~*', 'z'],
      ['~', 'w'],
    ]);
  });

  it('return: CODE [TEXT|URL], or a bare URL meaning 302; the first return of a block counts', () => {
    const config = parseNginxConfig('server { location /a { return 301 https://x/; return 200; } location /b { return https://y/; } location /c { return 444; } }');
    expect(config.servers[0]!.locations.map((l) => l.ret)).toEqual([
      { code: 301, text: 'https://x/' },
      { code: 302, text: 'https://y/' },
      { code: 444, text: undefined },
    ]);
  });

  it('accepts a file of bare server blocks (as in sites-enabled)', () => {
    expect(parseNginxConfig('server { listen 80; }').servers).toHaveLength(1);
  });

  it('warns about directives that change routing but are not modelled', () => {
    const config = parseNginxConfig('http {\n include mime.types;\n server {\n  rewrite ^ /x;\n  location / { try_files $uri =404; root /srv; }\n }\n}');
    expect(config.warnings).toEqual([
      'line 2: "include" is not modelled; nginx may route differently',
      'line 4: "rewrite" is not modelled; nginx may route differently',
      'line 5: "try_files" is not modelled; nginx may route differently',
    ]);
  });

  it.each([
    ['server { location / { location /a {} } }', 'nginx.conf line 1: nested locations are not supported by the router'],
    ['server {\nlocation /a {}\nlocation ^~ /a {} }', 'nginx.conf line 3: duplicate location "/a" (first at line 2)'],
    ['server { listen 80 default_server; }\nserver { listen 80 default_server; }', 'nginx.conf line 2: a duplicate default server for port 80'],
    ['server { listen 70000; }', '"listen 70000": port must be 1–65535'],
    ['server { server_name *example.com; }', 'server name "*example.com" is invalid'],
    ['server { server_name ~; }', 'empty regex in server name "~"'],
    ['server { location ~ "a++" {} }', 'location ~ a++: "a++": a possessive quantifier'],
    ['server { location / { return abc; } }', '"return": invalid return code "abc"'],
    ['server { location / { return 1000; } }', '"return" code 1000 is invalid'],
    ['upstream u { }\nserver {}', 'no servers are inside upstream "u"'],
    ['upstream u { server a weight=0; }\nserver {}', 'invalid weight "weight=0"'],
    ['upstream u { server a; }\nupstream U { server b; }\nserver {}', 'nginx.conf line 2: duplicate upstream "U"'],
    ['http { }', 'no server blocks'],
    ['server { listen 80; listen *:80; }', 'duplicate listen *:80'],
    ['server { location ~ "(?>a)" {} }', 'line 1'],
  ])('rejects %j: %s', (text, message) => {
    expect(() => parseNginxConfig(text)).toThrow(message);
  });
});
