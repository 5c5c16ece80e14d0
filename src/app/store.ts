import { create } from 'zustand';
import type { FrameSummary, MetricSample, TopologyInfo } from '../worker/protocol';

/** The side panel's tabs, in order (keys 1–6 select them). */
export const SIDE_TABS = ['cost', 'inspector', 'journey', 'events', 'charts', 'failover'] as const;
export type SideTab = (typeof SIDE_TABS)[number];

/**
 * UI state. High-rate data bypasses React: dots through `hopFeed`, the overlay's clock through
 * `frameClock`; this store holds what the panels render, its frame updated a few times a second.
 */
export interface SimState {
  topology: TopologyInfo | undefined;
  /** The latest worker frame the views show: a few times a second while a run streams (FramePublisher; the overlay reads frameClock). */
  frame: FrameSummary | undefined;
  speed: number;
  seed: number;
  /** Which built-in example is loaded. */
  example: string;
  error: string | undefined;
  /** URL parameters the app ignored, each naming the parameter and the rule it broke. */
  urlProblems: string[];
  /**
   * What the header's console card asks the SLB API for: the running scenario's load balancer in
   * its region (or the region the URL names). `revision` grows on every load, so the card refetches
   * even when a new scenario shares the old one's region.
   */
  consoleScope: { regionId: string; loadBalancerId: string; revision: number } | undefined;
  /** Draw packet dots at all (off saves the main thread on slow machines). */
  animation: boolean;
  /** Past this many dots in flight, one dot stands for N packets. */
  dotBudget: number;
  /** The topology node whose inspector is open. */
  selectedNode: number | undefined;
  /** The connection whose journey is shown and whose dots are highlighted. */
  selectedConn: number | undefined;
  tab: SideTab;
  helpOpen: boolean;
  /** The debug overlay (press D): worker memory against its budget, frame and event rates. */
  debugOpen: boolean;
  /** Chart samples (bounded), newest last. */
  samples: MetricSample[];
  /** What a long run-until, seek or packet search in progress is doing, for its progress bar and Cancel. */
  longTask: string | undefined;
  /** What the start had to say (a share link or an autosave it could not use). */
  startupNotices: string[];
  /** A stored autosave could not be used and is kept for download. */
  corruptedAutosave: boolean;
}

export const MAX_SAMPLES = 1800;

export const useSimStore = create<SimState>(() => ({
  topology: undefined,
  frame: undefined,
  speed: 1,
  seed: 1,
  example: 'default',
  error: undefined,
  urlProblems: [],
  consoleScope: undefined,
  animation: true,
  dotBudget: 5000,
  selectedNode: undefined,
  selectedConn: undefined,
  tab: 'cost',
  helpOpen: false,
  debugOpen: false,
  samples: [],
  longTask: undefined,
  startupNotices: [],
  corruptedAutosave: false,
}));
