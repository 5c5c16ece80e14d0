import { describe, expect, it } from 'vitest';
import { MAX_EXPIRY_AHEAD_US, SessionTable } from './session-table';

describe('SessionTable expiries (32-bit, relative to now)', () => {
  it('recovers every expiry up to 2^31 µs ahead exactly, across the 2^32 wrap and at any clock', () => {
    const table = new SessionTable(1, 1);
    const clocks = [0, 1_234_567, 2 ** 31 - 5, 2 ** 32 - 10, 2 ** 32 + 77, 10 * 86_400 * 1e6 + 3, 2 ** 52 + 12_345];
    for (const nowUs of clocks) {
      for (const aheadUs of [0, 1, 60e6, 900e6, 2_000e6, MAX_EXPIRY_AHEAD_US]) {
        table.setExpiry(0, nowUs + aheadUs);
        expect(table.expiryOf(0, nowUs)).toBe(nowUs + aheadUs);
      }
    }
  });

  it('reads an expiry the same from any later moment before it', () => {
    const table = new SessionTable(2, 4);
    const at = 2 ** 32 + 500e6;
    table.setExpiry(5, at);
    for (const nowUs of [at - 900e6, at - 1, at]) expect(table.expiryOf(5, nowUs)).toBe(at);
  });
});
