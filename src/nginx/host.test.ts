import { describe, expect, it } from 'vitest';
import { validateHost } from './host';

describe('Host validation (nginx 1.22 ngx_http_validate_host)', () => {
  it.each([
    ['example.com', 'example.com'],
    ['WWW.Example.COM', 'www.example.com'],
    ['example.com.', 'example.com'],
    ['example.com:8080', 'example.com'],
    ['example.com.:8080', 'example.com'],
    ['[::1]:80', '[::1]'],
    ['.example.com', '.example.com'], // 1.22 accepts a leading dot
    ['a\\b', 'a\\b'], // only "/" is a path separator on Unix
    ['a:b:c', 'a'],
  ])('%s → %s', (raw, host) => {
    expect(validateHost(raw)).toEqual({ ok: true, host });
  });

  it.each([
    ['a..b', 'contains ".."'],
    ['a.b..', 'contains ".."'],
    ['a/b', 'contains "/"'],
    ['a b', 'contains a space or control character'],
    ['a\tb', 'contains a space or control character'],
    ['a\x7fb', 'contains a space or control character'],
    ['.', 'is empty once the port and trailing dot are removed'],
    [':80', 'is empty once the port and trailing dot are removed'],
    ['a:1..2', 'contains ".."'], // the port part is checked too
  ])('%j is invalid (400): %s', (raw, reason) => {
    expect(validateHost(raw)).toEqual({ ok: false, reason });
  });
});
