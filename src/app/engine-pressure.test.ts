import { describe, expect, it } from 'vitest';
import { FEW_CORES_START, IdleShareController, LONG_TASK_STEP, QUIET_DECAY_PER_S } from './engine-pressure';
import { MAX_IDLE_SHARE } from '../worker/pacing';

describe('IdleShareController', () => {
  it('starts flat out on a machine with more than 2 cores, and resting on one with 2 or fewer', () => {
    expect(new IdleShareController(8).share).toBe(0);
    expect(new IdleShareController(3).share).toBe(0);
    expect(new IdleShareController(2).share).toBe(FEW_CORES_START);
    expect(FEW_CORES_START).toBeGreaterThan(0);
  });

  it('each long task raises the share, up to the maximum the worker accepts', () => {
    const controller = new IdleShareController(2);
    controller.longTask();
    expect(controller.share).toBeCloseTo(FEW_CORES_START + LONG_TASK_STEP, 10);
    for (let k = 0; k < 20; k++) controller.longTask();
    expect(controller.share).toBe(MAX_IDLE_SHARE);
  });

  it('quiet time lowers it slowly, never below 0', () => {
    const controller = new IdleShareController(2);
    controller.quiet(10);
    expect(controller.share).toBeCloseTo(FEW_CORES_START - 10 * QUIET_DECAY_PER_S, 10);
    expect(QUIET_DECAY_PER_S * 5).toBeLessThan(LONG_TASK_STEP); // one long task outweighs five quiet seconds
    controller.quiet(1000);
    expect(controller.share).toBe(0);
    controller.quiet(-5);
    expect(controller.share).toBe(0);
  });
});
