import { describe, expect, it } from 'vitest';
import { eventFamily, eventGlyph, statusClassName, statusOf } from './journey-style';

describe('journey line styles', () => {
  it('finds the status a line reports, and none where there is no status', () => {
    expect(statusOf('response', 'i-api1 answered 200')).toBe(200);
    expect(statusOf('response', 'i-api1 answered 200; gzip text/css to 812 B')).toBe(200);
    expect(statusOf('response', '200 for api.example.com/api/gnz9 after 70.859 ms (234 B)')).toBe(200);
    expect(statusOf('response', '502 for www.example.com/ after 163.415 ms (512 B)')).toBe(502);
    expect(statusOf('no backend', 'group default has no server with weight > 0: 503')).toBe(503);
    expect(statusOf('timeout', 'no response within RequestTimeout 60 s: 504')).toBe(504);
    expect(statusOf('upstream failed', 'i-a refused (RST); POST is not idempotent, no retry: 502')).toBe(502);
    expect(statusOf('request', 'GET a.example.com/x: ListenerForward → 301 to https://…:443')).toBe(301);
    // A latency such as "163.415 ms" is not a status, and neither is a request's rule text.
    expect(statusOf('request', 'GET api.example.com/api/gnz9: rule rule-api: domain api.example.com (exact) and URL /api matching /api/gnz9; group rsp-api')).toBeUndefined();
    expect(statusOf('schedule', 'wrr chose i-ecs1: weight 100, active 0, inactive 0 (overhead 0): 200')).toBeUndefined();
    expect(statusOf('tls', 'full handshake: back in 1.900 ms')).toBeUndefined();
  });

  it('groups events into families with a glyph, defaulting for unknown ones', () => {
    expect(eventFamily('request')).toBe('request');
    expect(eventFamily('tls')).toBe('tls');
    expect(eventFamily('tls failed')).toBe('failure');
    expect(eventFamily('ecmp')).toBe('lvs');
    expect(eventFamily('something new')).toBe('other');
    expect(eventGlyph('request')).toBe('→');
    expect(eventGlyph('something new')).toBe('•');
  });

  it('colours a status by its class', () => {
    expect(statusClassName(200)).toContain('emerald');
    expect(statusClassName(302)).toContain('blue');
    expect(statusClassName(404)).toContain('yellow');
    expect(statusClassName(503)).toContain('red');
  });
});
