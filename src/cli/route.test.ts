import { describe, expect, it } from 'vitest';
import { CodedError } from '../shared/errors';
import { parseArgs } from './args';
import { parseRequests, parseRouteArgs, runRoute, type RouteIo } from './route';

const CONF = `
http {
  upstream app { server 10.0.0.1 weight=5; server 10.0.0.2; server 10.0.0.3; }
  server {
    listen 8080;
    server_name www.example.com;
    location / { proxy_pass http://app; }
    location /api/ { proxy_pass http://app; }
    location ~ \\.php$ { return 403; }
    if ($x) { }
  }
  server { listen 8080 default_server; listen 9090; location / { return 418; } }
}`;

/** Runs `route` in process against files held in memory; returns stdout and stderr lines. */
function run(argv: string[], files: Record<string, string> = { 'site.conf': CONF }, stdin = ''): { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const io: RouteIo = {
    readFile: (path) => {
      const text = files[path];
      if (text === undefined) throw new Error(`ENOENT: no such file, open '${path}'`);
      return text;
    },
    readStdin: () => stdin,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  };
  runRoute(parseRouteArgs(argv), io);
  return { out, err };
}

function codedError(fn: () => unknown): CodedError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CodedError) return error;
    throw error;
  }
  throw new Error('expected a CodedError');
}

describe('npm run sim -- route (nginx files)', () => {
  it('prints one JSON line per request in order, with WRR state carried across them', () => {
    const requests = [
      { host: 'www.example.com', path: '/a' },
      { host: 'www.example.com', path: '/api' },
      { host: 'www.example.com', path: '/b' },
      { host: 'www.example.com', path: '/x.php?y=1' },
      { host: 'www.example.com', path: '/c' },
      { host: 'other', path: '/', port: 9090 },
      { host: 'a..b', path: '/' },
    ];
    const { out, err } = run(['site.conf', '--requests', 'req.ndjson', '--json'], { 'site.conf': CONF, 'req.ndjson': requests.map((r) => JSON.stringify(r)).join('\n') + '\n\n' });
    expect(out.map((line) => JSON.parse(line) as unknown)).toEqual([
      { server: 0, location: 0, status: 200, upstream: 0, upstreamName: 'app' },
      { server: 0, location: 1, status: 301, upstream: null, upstreamName: null },
      { server: 0, location: 0, status: 200, upstream: 0, upstreamName: 'app' },
      { server: 0, location: 2, status: 403, upstream: null, upstreamName: null },
      { server: 0, location: 0, status: 200, upstream: 1, upstreamName: 'app' },
      { server: 1, location: 0, status: 418, upstream: null, upstreamName: null },
      { server: 1, location: null, status: 400, upstream: null, upstreamName: null },
    ]);
    // the JSON keys come in the documented order
    expect(out[0]).toBe('{"server":0,"location":0,"status":200,"upstream":0,"upstreamName":"app"}');
    expect(err).toEqual(['warning: line 10: "if" is not modelled; nginx may route differently']);
  });

  it('reads requests from stdin with "-"', () => {
    const { out } = run(['site.conf', '--requests', '-', '--json'], undefined, '{"host":"www.example.com","path":"/"}\n{"host":null,"path":"/"}\n');
    expect(out.map((line) => (JSON.parse(line) as { server: number }).server)).toEqual([0, 1]);
  });

  it('--host/--path answers one request and --repeat repeats it: a a b a c a a', () => {
    const { out } = run(['site.conf', '--host', 'www.example.com', '--path', '/', '--repeat', '7', '--json']);
    expect(out.map((line) => (JSON.parse(line) as { upstream: number }).upstream)).toEqual([0, 0, 1, 0, 2, 0, 0]);
  });

  it('--port picks the listener; without --json it prints a sentence with the reason', () => {
    const { out } = run(['site.conf', '--host', 'x.test', '--path', '/y', '--port', '9090']);
    expect(out).toEqual(['x.test:9090 /y → 418 — server 1 (line 12, the only server on the port), location 0 (line 12, /): return 418']);
    const proxied = run(['site.conf', '--host', 'www.example.com', '--path', '/api/v']).out[0];
    expect(proxied).toMatch(/^www\.example\.com:8080 \/api\/v → 200 → upstream app #0 — server 0 .*upstream app peer 0 \(10\.0\.0\.1\)$/);
  });

  it('is wired into the CLI argument parser and its usage text', () => {
    expect(parseArgs(['route', 'site.conf', '--host', 'a', '--path', '/'])).toMatchObject({ command: 'route', target: 'site.conf', host: 'a', path: '/', repeat: 1, json: false });
  });

  it.each([
    [[], 'route needs an nginx.conf file, or a scenario (a .json file or an example name)', 'target'],
    [['a.conf', 'b.conf', '--path', '/'], 'unexpected argument "b.conf": route takes one nginx.conf or scenario', 'target'],
    [['a.conf'], 'route needs --requests FILE (or - for stdin), or --host H --path P', '--requests'],
    [['a.conf', '--host', 'x'], '--host needs --path', '--path'],
    [['a.conf', '--requests', 'r', '--path', '/'], '--requests cannot be combined with --host/--path: give a file of requests or one request', '--requests'],
    [['a.conf', '--requests', 'r', '--repeat', '2'], '--repeat only applies with --host/--path', '--repeat'],
    [['a.conf', '--path', '/', '--repeat', '0'], '--repeat: "0" must be a positive integer', '--repeat'],
    [['a.conf', '--path', '/', '--port', '70000'], '--port: "70000" must be a port number 1–65535', '--port'],
    [['a.conf', '--requests', 'r', '--port', '80'], '--port only applies with --host/--path; in a --requests file, give "port" per line', '--port'],
    [['a.conf', '--path'], '--path needs a value', '--path'],
    [['a.conf', '--path', '/', '--bogus'], 'unknown option --bogus', '--bogus'],
  ])('argument errors name the flag: %j', (argv, message, field) => {
    const error = codedError(() => parseRouteArgs(argv));
    expect(error.code).toBe('InvalidArguments');
    expect(error.message).toBe(message);
    expect(error.field).toBe(field);
  });

  it.each([
    ['not json', 'requests line 1: not JSON'],
    ['[1]', 'requests line 1: must be an object'],
    ['{"host":"a"}', 'requests line 1: "path" must be a string'],
    ['\n{"path":"/","host":3}', 'requests line 2: "host" must be a string'],
    ['{"path":"/","port":0}', 'requests line 1: "port" must be an integer 1–65535'],
  ])('a bad requests line names its number: %j', (text, message) => {
    const error = codedError(() => parseRequests(text));
    expect(error.code).toBe('InvalidRequests');
    expect(error.message).toContain(message);
  });

  it('reports unreadable files, a port nobody listens on and config errors as coded errors', () => {
    expect(codedError(() => run(['missing.conf', '--path', '/'])).message).toMatch(/^route: cannot read missing\.conf: ENOENT/);
    expect(codedError(() => run(['site.conf', '--requests', 'nope', '--json'])).message).toMatch(/^--requests: cannot read nope/);
    expect(codedError(() => run(['site.conf', '--requests', '-'], undefined, '{"path":"/","port":81}')).message).toBe('request 1: port 81: no server block listens there (ports: 8080, 9090)');
    const syntax = codedError(() => run(['bad.conf', '--path', '/'], { 'bad.conf': 'server {\n listen 80\n}' }));
    expect(syntax.code).toBe('NginxConfigSyntax');
    expect(syntax.message).toBe('nginx.conf line 3: unexpected "}": directive "listen" (line 2) is not terminated by ";"');
  });
});
