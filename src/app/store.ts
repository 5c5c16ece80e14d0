import { create } from 'zustand';
import type { FrameSummary, TopologyInfo } from '../worker/protocol';

/**
 * UI state. High-rate data (dots) bypasses React through `hopFeed`; this store holds what the
 * panels render, updated at most once per frame.
 */
export interface SimState {
  topology: TopologyInfo | undefined;
  frame: FrameSummary | undefined;
  /** Wall-clock time (performance.now) when `frame` arrived; the overlay interpolates from it. */
  frameWallMs: number;
  speed: number;
  error: string | undefined;
}

export const useSimStore = create<SimState>(() => ({
  topology: undefined,
  frame: undefined,
  frameWallMs: 0,
  speed: 0.05,
  error: undefined,
}));
