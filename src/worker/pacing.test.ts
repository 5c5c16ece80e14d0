import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_IDLE_SHARE, Pacer, pacedEvery } from './pacing';

describe('engine worker pacing', () => {
  it('a tick that fits in the interval waits out the rest of it, whatever the idle share', () => {
    const pacer = new Pacer();
    expect(pacer.delayMs(16, 4)).toBe(12);
    pacer.idleShare = 0.25;
    expect(pacer.delayMs(16, 4)).toBe(12);
    expect(pacer.delayMs(16, 0)).toBe(16);
  });

  it('a tick that overran leaves the worker idle for the idle share of the time; at share 0 it runs flat out', () => {
    const pacer = new Pacer();
    expect(pacer.delayMs(16, 40)).toBe(0);
    for (const share of [0.25, 0.5]) {
      pacer.idleShare = share;
      for (const tickMs of [16, 40, 100]) {
        const wait = pacer.delayMs(16, tickMs);
        expect(wait / (wait + tickMs)).toBeCloseTo(share, 10);
      }
    }
  });

  it('the idle share stays between 0 and its maximum, and nonsense is 0', () => {
    const pacer = new Pacer();
    pacer.idleShare = 5;
    expect(pacer.idleShare).toBe(MAX_IDLE_SHARE);
    pacer.idleShare = -1;
    expect(pacer.idleShare).toBe(0);
    pacer.idleShare = Number.NaN;
    expect(pacer.idleShare).toBe(0);
    expect(MAX_IDLE_SHARE).toBeLessThan(1);
  });

  describe('pacedEvery', () => {
    beforeEach(() => {
      vi.useFakeTimers();
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('ticks at the interval while ticks are quick, rests after one that overran, and never ticks after stop', () => {
      const pacer = new Pacer();
      pacer.idleShare = 0.25;
      let clock = 0;
      let cost = 0;
      const at: number[] = [];
      const stop = pacedEvery(
        16,
        () => {
          at.push(clock);
          clock += cost;
        },
        pacer,
        () => clock,
      );
      const advance = (ms: number): void => {
        clock += ms;
        vi.advanceTimersByTime(ms);
      };
      advance(16);
      advance(16);
      expect(at).toEqual([16, 32]);
      cost = 30; // this tick runs 30 ms: then the worker rests 10 ms (a quarter of 40)
      advance(16);
      expect(at).toHaveLength(3);
      advance(9);
      expect(at).toHaveLength(3);
      advance(1);
      expect(at).toHaveLength(4);
      stop();
      advance(1000);
      expect(at).toHaveLength(4);
    });

    it('a tick that stops the clock itself (a pause inside a tick) schedules nothing more', () => {
      let stop: () => void = () => undefined;
      let ticks = 0;
      stop = pacedEvery(
        16,
        () => {
          ticks++;
          stop();
        },
        new Pacer(),
      );
      vi.advanceTimersByTime(100);
      expect(ticks).toBe(1);
    });
  });
});
