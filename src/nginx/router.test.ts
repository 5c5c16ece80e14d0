import { describe, expect, it } from 'vitest';
import { parseNginxConfig } from './config';
import { createNginxRouter, type NginxRequest, type NginxRouteAnswer } from './router';

const CONF = `
http {
  upstream app { server 10.0.0.1 weight=5; server 10.0.0.2; server 10.0.0.3; }
  upstream pair { server 10.0.1.1 down; server 10.0.1.2; }
  upstream dead { server 10.0.2.1 down; }
  server {
    listen 8080;
    server_name www.example.com;
    location = / { return 200 "home"; }
    location / { proxy_pass http://app; }
    location /api/ { proxy_pass http://APP/v1/; }
    location /pair/ { proxy_pass http://pair; }
    location /dead/ { proxy_pass http://dead; }
    location /direct/ { proxy_pass http://127.0.0.1:9000; }
    location /files/ { root /srv; }
  }
  server {
    listen 8080 default_server;
    listen 9090;
    server_name *.example.com;
    location / { return 418; }
  }
  server { listen 9090; server_name moved.test; return 301 https://elsewhere/; location / { return 200; } }
}`;

function router(): (request: NginxRequest) => NginxRouteAnswer {
  const { route } = createNginxRouter(parseNginxConfig(CONF));
  return (request) => {
    const { server, location, status, upstream, upstreamName } = route(request);
    return { server, location, status, upstream, upstreamName };
  };
}

const answer = (server: number, location: number | null, status: number, upstream: number | null = null, upstreamName: string | null = null): NginxRouteAnswer => ({ server, location, status, upstream, upstreamName });

describe('nginx router', () => {
  it('smooth WRR across the requests of one router: weights {5,1,1} give a a b a c a a', () => {
    const route = router();
    const peers = Array.from({ length: 7 }, () => route({ host: 'www.example.com', path: '/x' }).upstream);
    expect(peers).toEqual([0, 0, 1, 0, 2, 0, 0]);
  });

  it('each upstream has its own state; a fresh router starts over', () => {
    const route = router();
    route({ host: 'www.example.com', path: '/x' });
    expect(route({ host: 'www.example.com', path: '/api/x' })).toEqual(answer(0, 2, 200, 0, 'app')); // upstream names are case-insensitive
    expect(router()({ host: 'www.example.com', path: '/x' }).upstream).toBe(0);
  });

  it('skips down peers; an upstream with none alive answers 502', () => {
    const route = router();
    expect(route({ host: 'www.example.com', path: '/pair/' })).toEqual(answer(0, 3, 200, 1, 'pair'));
    expect(route({ host: 'www.example.com', path: '/dead/' })).toEqual(answer(0, 4, 502, null, 'dead'));
  });

  it('proxy_pass to an address, not an upstream block: 200 with no upstream; no handler: 404', () => {
    const route = router();
    expect(route({ host: 'www.example.com', path: '/direct/x' })).toEqual(answer(0, 5, 200));
    expect(route({ host: 'www.example.com', path: '/files/a.txt' })).toEqual(answer(0, 6, 404));
  });

  it('normalises Host (case, trailing dot, port) before choosing the server', () => {
    const route = router();
    expect(route({ host: 'WWW.Example.COM.:8080', path: '/' })).toEqual(answer(0, 0, 200));
    expect(route({ host: 'a.example.com', path: '/' })).toEqual(answer(1, 0, 418));
  });

  it('an invalid Host is a 400 from the port default server, with no location', () => {
    const route = router();
    expect(route({ host: 'www..example.com', path: '/' })).toEqual(answer(1, null, 400));
    expect(route({ host: 'a/b', path: '/' })).toEqual(answer(1, null, 400));
  });

  it('an invalid URI is a 400 from the default server even when the Host names another', () => {
    const route = router();
    expect(route({ host: 'www.example.com', path: '/a/../../b' })).toEqual(answer(1, null, 400));
    expect(route({ host: 'www.example.com', path: '/%zz' })).toEqual(answer(1, null, 400));
  });

  it('matches the normalised URI; the query string does not take part', () => {
    const route = router();
    expect(route({ host: 'www.example.com', path: '/files/../?x=/api/' })).toEqual(answer(0, 0, 200));
    expect(route({ host: 'www.example.com', path: '//api//x?y' })).toEqual(answer(0, 2, 200, 0, 'app'));
    expect(route({ host: 'www.example.com', path: '/%61pi/x' })).toEqual(answer(0, 2, 200, 0, 'app'));
  });

  it('answers 301 for a proxy_pass location requested without its trailing slash, without touching the upstream', () => {
    const route = router();
    expect(route({ host: 'www.example.com', path: '/api' })).toEqual(answer(0, 2, 301));
    expect(route({ host: 'www.example.com', path: '/api/' }).upstream).toBe(0);
  });

  it('no Host header goes to the default server (no server is named "" on 8080)', () => {
    const route = router();
    expect(route({ path: '/' })).toEqual(answer(1, 0, 418));
    expect(route({ host: '', path: '/' })).toEqual(answer(1, 0, 418));
    expect(route({ host: null, path: '/' })).toEqual(answer(1, 0, 418));
  });

  it('a server-level return answers before any location', () => {
    expect(router()({ host: 'moved.test', path: '/', port: 9090 })).toEqual(answer(2, null, 301));
  });

  it('the port defaults to the first listen in the file; a port nobody listens on is an error', () => {
    const route = router();
    expect(route({ host: 'moved.test', path: '/' })).toEqual(answer(1, 0, 418));
    expect(() => route({ host: 'x', path: '/', port: 7 })).toThrow('port 7: no server block listens there (ports: 8080, 9090)');
  });

  it('warns about conflicting names and ports listened on at several addresses', () => {
    const { warnings } = createNginxRouter(parseNginxConfig('server { listen 1.2.3.4:80; server_name a; }\nserver { listen 80; server_name a; }'));
    expect(warnings).toEqual([
      'conflicting server name "a" on port 80, ignored (nginx warns the same)',
      'port 80 is listened on at several addresses (1.2.3.4, *); the router tells them apart by port only',
    ]);
  });
});
