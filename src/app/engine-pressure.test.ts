import { describe, expect, it, vi } from 'vitest';
import { BEHIND_FOR_MS, FEW_CORES_FLOOR, IdleShareController, LONG_TASK_STEP, QUIET_DECAY_PER_S, watchEnginePressure } from './engine-pressure';
import { MAX_IDLE_SHARE } from '../worker/pacing';

describe('IdleShareController', () => {
  it('starts flat out on a machine with more than 2 cores, and resting on one with 2 or fewer', () => {
    expect(new IdleShareController(8).share).toBe(0);
    expect(new IdleShareController(3).share).toBe(0);
    expect(new IdleShareController(2).share).toBe(FEW_CORES_FLOOR);
    expect(new IdleShareController(1).share).toBe(FEW_CORES_FLOOR);
    expect(FEW_CORES_FLOOR).toBeGreaterThan(0);
  });

  it('each long task raises the share, up to the maximum the worker accepts', () => {
    const controller = new IdleShareController(8);
    controller.longTask();
    expect(controller.share).toBeCloseTo(LONG_TASK_STEP, 10);
    for (let k = 0; k < 20; k++) controller.longTask();
    expect(controller.share).toBe(MAX_IDLE_SHARE);
  });

  it('quiet time lowers it slowly, back to where it started and no further', () => {
    const controller = new IdleShareController(2);
    controller.longTask();
    controller.longTask();
    controller.quiet(5);
    expect(controller.share).toBeCloseTo(FEW_CORES_FLOOR + 2 * LONG_TASK_STEP - 5 * QUIET_DECAY_PER_S, 10);
    expect(QUIET_DECAY_PER_S * 5).toBeLessThan(LONG_TASK_STEP); // one long task outweighs five quiet seconds
    controller.quiet(1000);
    expect(controller.share).toBe(FEW_CORES_FLOOR);
    const many = new IdleShareController(8);
    many.longTask();
    many.quiet(1000);
    many.quiet(-5);
    expect(many.share).toBe(0);
  });
});

describe('watchEnginePressure', () => {
  it('sends the starting share, counts long tasks only once the engine has been behind a while, and stops', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
    let report: ((list: { getEntries(): { startTime: number }[] }) => void) | undefined;
    vi.stubGlobal(
      'PerformanceObserver',
      class {
        constructor(callback: typeof report) {
          report = callback;
        }
        observe(): void {}
        disconnect(): void {
          report = undefined;
        }
      },
    );
    try {
      const sent: number[] = [];
      let behind = false;
      const stop = watchEnginePressure((share) => sent.push(share), () => behind, 2);
      expect(sent).toEqual([FEW_CORES_FLOOR]);
      // A long task while the engine keeps up (start-up, say) is not the engine's doing.
      report!({ getEntries: () => [{ startTime: performance.now() }] });
      expect(sent).toEqual([FEW_CORES_FLOOR]);
      behind = true;
      vi.advanceTimersByTime(250);
      report!({ getEntries: () => [{ startTime: performance.now() }] }); // behind, but not for long yet
      expect(sent).toEqual([FEW_CORES_FLOOR]);
      vi.advanceTimersByTime(BEHIND_FOR_MS);
      report!({ getEntries: () => [{ startTime: performance.now() }] });
      expect(sent.at(-1)).toBeCloseTo(FEW_CORES_FLOOR + LONG_TASK_STEP, 2);
      stop();
      expect(report).toBeUndefined();
    } finally {
      vi.unstubAllGlobals();
      vi.useRealTimers();
    }
  });
});
