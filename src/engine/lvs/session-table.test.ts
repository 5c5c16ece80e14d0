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

describe('SessionTable rows (only connections LVS has seen hold one)', () => {
  it('a connection without a row reads NONE on every node and holds no memory', () => {
    const table = new SessionTable(4, 8);
    for (let conn = 0; conn < 8; conn++) for (let node = 0; node < 4; node++) expect(table.has(table.at(conn, node))).toBe(false);
    expect(table.rows).toBe(0);
  });

  it('writing gives the connection a row of its own; reads then see what was written, other connections still NONE', () => {
    const table = new SessionTable(2, 8);
    const index = table.own(5, 1);
    table.state[index] = 3;
    table.backend[index] = 7;
    expect(table.rows).toBe(1);
    expect(table.at(5, 1)).toBe(index);
    expect(table.state[table.at(5, 1)]).toBe(3);
    expect(table.has(table.at(5, 0))).toBe(false);
    expect(table.has(table.at(4, 1))).toBe(false);
    expect(table.own(5, 0)).toBe(index - 1); // the same row, another node
    expect(table.rows).toBe(1);
  });

  it('a released row comes back clean for the next connection, and rows grow past their first capacity', () => {
    const table = new SessionTable(3, 4096);
    for (let conn = 0; conn < 3000; conn++) {
      const index = table.own(conn, conn % 3);
      table.state[index] = 4;
      table.flags[index] = 0xff;
      table.packets[index] = 9;
      table.backend[index] = -1;
      table.setExpiry(index, 123_456);
    }
    expect(table.rows).toBe(3000);
    for (let conn = 0; conn < 3000; conn++) expect(table.state[table.at(conn, conn % 3)]).toBe(4);
    const row17 = Math.floor(table.at(17, 0) / 3);
    table.release(17);
    expect(table.rows).toBe(2999);
    expect(table.has(table.at(17, 17 % 3))).toBe(false);
    const reused = table.own(3500, 0);
    expect(Math.floor(reused / 3)).toBe(row17); // the freed row is handed out again
    for (let node = 0; node < 3; node++) {
      const index = table.at(3500, node);
      expect([table.state[index], table.flags[index], table.packets[index], table.backend[index], table.expiryOf(index, 0)]).toEqual([0, 0, 0, 0, 0]);
    }
  });
});
