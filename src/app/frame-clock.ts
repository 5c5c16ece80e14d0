import type { FrameSummary } from '../worker/protocol';

/**
 * The latest worker frame and when it came, outside React: the traffic overlay reads it every
 * animation frame to place its dots, while the store (and so React's views) gets frames only a few
 * times a second (FramePublisher). Dots interpolate between the frame before and this one, one
 * frame behind, at the speed the engine actually reached.
 */
export interface FrameClock {
  frame: FrameSummary | undefined;
  /** Wall-clock time (performance.now) when `frame` arrived. */
  wallMs: number;
  /** The frame before: its simulated time and when it arrived. */
  prevSimUs: number;
  prevWallMs: number;
  /** Worker frames received since the page started (the debug overlay's rate). */
  received: number;
}

export const frameClock: FrameClock = { frame: undefined, wallMs: 0, prevSimUs: 0, prevWallMs: 0, received: 0 };

/** A new frame arrived at `nowMs`. A frame earlier in simulated time (a seek back, a reset) starts afresh: no interpolation across it. */
export function advanceFrameClock(frame: FrameSummary, nowMs: number, clock: FrameClock = frameClock): void {
  const previous = clock.frame;
  clock.prevSimUs = previous && previous.simTimeUs <= frame.simTimeUs ? previous.simTimeUs : frame.simTimeUs;
  clock.prevWallMs = clock.wallMs;
  clock.frame = frame;
  clock.wallMs = nowMs;
  clock.received++;
}
