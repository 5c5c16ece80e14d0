import type { NodeKind } from '../engine/net/topology';
import type { ConnectionCounts } from '../engine/report';
import type { Bill, BillOptions } from '../engine/billing/bill';
export { PRICE_REGIONS, PRICE_REGION_LABELS, type PriceRegion } from '../engine/billing/prices';

export type { Bill, BillOptions, LineItem } from '../engine/billing/bill';
export { HOP_FIELDS } from '../engine/hops';
export { PacketType, PACKET_TYPE_NAMES } from '../engine/core/kinds';

/** What the worker tells the UI about the topology once per load. */
export interface TopologyInfo {
  nodes: { id: number; kind: NodeKind; key: string; label: string; index: number; zone: string | undefined }[];
  links: { id: number; from: number; to: number; latencyUs: number }[];
  listeners: { port: number; protocol: string }[];
  seed: number;
}

/**
 * One batched data frame, sent at most once per host tick. `hops` is a flat Float64Array of
 * HOP_FIELDS numbers per packet hop, transferred (not copied) to the UI.
 */
export interface Frame {
  simTimeUs: number;
  events: number;
  traceHash: string;
  playing: boolean;
  speed: number;
  /** True when the engine could not keep up with the requested speed during this tick. */
  behind: boolean;
  hops: Float64Array;
  /** Hops the worker discarded because the UI was not draining them fast enough. */
  droppedHops: number;
  /** Frames the worker skipped because the previous one was not yet consumed. */
  droppedFrames: number;
  connections: ConnectionCounts;
}

/** A frame without its hops: what step() and runUntil() return to their caller. */
export type FrameSummary = Omit<Frame, 'hops'>;

export interface SimWorkerApi {
  load(scenario: unknown, seed?: number): Promise<TopologyInfo>;
  play(): void;
  pause(): void;
  /** Processes exactly one event and returns the resulting frame. */
  step(): FrameSummary;
  setSpeed(speed: number): void;
  reset(seed?: number): Promise<TopologyInfo>;
  /** Runs (paused) until the given simulated time; for tests and "run until t". */
  runUntil(simTimeUs: number): FrameSummary;
  subscribe(onFrame: (frame: Frame) => void): void;
  /** The UI calls this after it has consumed a frame, so the worker never floods it. */
  ack(): void;
  /** The itemised bill for the traffic so far, for a region and charge type. */
  bill(options: BillOptions): Bill;
  /** Cost accrued over simulated time (for the chart). */
  costSeries(options: BillOptions): { timeS: number[]; total: number[] };
}

export const MIN_SPEED = 0.001;
export const MAX_SPEED = 10_000;
