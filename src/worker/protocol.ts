import type { FailoverReport } from '../engine/faults/failover-report';
import type { NodeKind } from '../engine/net/topology';
import type { ConnectionCounts } from '../engine/report';
import type { Bill, BillOptions } from '../engine/billing/bill';
import type { ProjectionStability } from '../engine/billing/projection';
import type { Scenario } from '../scenario/schema';
export { PRICE_REGIONS, PRICE_REGION_LABELS, type PriceRegion } from '../engine/billing/prices';

export type { Bill, BillOptions, LineItem } from '../engine/billing/bill';
export type { ProjectionStability } from '../engine/billing/projection';
export { HOP_FIELDS, LINK_FIELDS } from '../engine/hops';
export { PacketType, PACKET_TYPE_NAMES } from '../engine/core/kinds';
export { HANDSHAKE_KINDS, STATUS_CLASSES } from './l7-series';

/** A fault to inject now: a scenario fault's fields without its time (`{ action, target, weight?, durationS?, … }`). */
/** The worker's whole memory budget (issue 15: ≤ 256 MB of heap plus array buffers). */
export const WORKER_MEMORY_BUDGET = 256 * 1024 * 1024;

/**
 * What the budget keeps for everything that is not an engine table: the worker's JavaScript heap,
 * hop and event buffers, metric samples (measured at 6–20 MB on the UI bench).
 */
export const WORKER_HEAP_RESERVE = 32 * 1024 * 1024;

/** What the live simulation's tables and every checkpoint share: the budget less the reserve. */
export const TABLE_BUDGET = WORKER_MEMORY_BUDGET - WORKER_HEAP_RESERVE;

export type LiveFaultRequest = { action: string } & Record<string, string | number | undefined>;

/** The answer to an injected fault: the frame after it, or the field at fault and the rule. */
export type InjectFaultAnswer = { ok: true; summary: FrameSummary } | { ok: false; field: string; message: string };

/** What the worker tells the UI about the topology once per load. */
export interface TopologyInfo {
  nodes: { id: number; kind: NodeKind; key: string; label: string; index: number; zone: string | undefined }[];
  links: { id: number; from: number; to: number; latencyUs: number }[];
  /** Every listener of the run, in the engine's order; `loadBalancerId` names its instance. */
  listeners: { port: number; protocol: string; loadBalancerId: string }[];
  seed: number;
}

/**
 * One batched data frame, sent at most once per host tick. `hops` is a flat Float64Array of
 * HOP_FIELDS numbers per packet hop, transferred (not copied) to the UI. It may be a view over the
 * start of a larger buffer: the UI hands that whole buffer back with `ack` for the worker to reuse.
 */
export interface Frame {
  simTimeUs: number;
  events: number;
  traceHash: string;
  playing: boolean;
  speed: number;
  /** True when the engine could not keep up with the requested speed during this tick. */
  behind: boolean;
  /**
   * Simulated seconds per wall second the engine actually reached while playing (smoothed over
   * about half a second of wall time); the requested speed until it has played.
   */
  reachedSpeed: number;
  hops: Float64Array;
  /**
   * Packets and bytes per directed link since the run (re)started, LINK_FIELDS numbers per link
   * (from node, to node, packets, bytes), counted for every hop including those `droppedHops`
   * counts: the UI's edge rates are their differences over simulated time.
   */
  links: Float64Array;
  /** Hops the worker discarded because the UI was not draining them fast enough. */
  droppedHops: number;
  /** Frames the worker skipped because the previous one was not yet consumed. */
  droppedFrames: number;
  /** The worker's memory for time travel (an estimate from typed-array bytes; see WorkerMemory). */
  memory: WorkerMemory;
  connections: ConnectionCounts;
  /** Live state of every LVS node and backend, for the topology's node badges. */
  nodes: NodeStates;
  /** Furthest simulated time reached so far: the timeline's extent. */
  horizonUs: number;
  /** While a long run-until or seek is in progress: its completion, 0…1. */
  progress: number | undefined;
  /** New metric samples since the previous frame (one per simulated second). */
  samples: MetricSample[];
  /** The run's command journal: its length, and bumps of `revision` on every accepted change (re-read the console, the topology). */
  journal: JournalState;
}

export interface JournalState {
  entries: number;
  revision: number;
  /** The last change made after seeking back discarded this many later entries; `undoBranch()` brings them back. */
  discarded: number;
  /** The change `undoChange()` takes back (the journal's latest entry), if any. */
  undo?: { action: string; atUs: number };
  /** The change `redoChange()` puts back (the latest one undone), if any. */
  redo?: { action: string; atUs: number };
}

export interface NodeStates {
  lvs: {
    nodeId: number;
    up: boolean;
    announced: boolean;
    active: number;
    inactive: number;
    /** Sync records this node has received since the start (cumulative: installs and refreshes alike). */
    synced: number;
    /** Entries the node holds now that sync installed or refreshed (falls as they expire or the node restarts). */
    syncedHeld: number;
    flows: number;
    resets: number;
    lastFailure: string | undefined;
    /** FULLNAT: this node's local addresses (first – last) and the ports it holds now, all backends together. */
    localAddresses: string;
    localPortsInUse: number;
  }[];
  backends: {
    nodeId: number;
    health: string;
    condition: string;
    weight: number;
    open: number;
    /** Layer 7: connections Tengine nodes hold open to this backend (busy and idle), all nodes together. */
    upstreamOpen: number;
    requestsPerSecond: number;
    lastFailure: string | undefined;
  }[];
  /** Every Tengine node (layer 7), in node order; the UI dims the ones no listener's traffic reaches. */
  tengine: {
    nodeId: number;
    up: boolean;
    /** Requests received since the start. */
    requests: number;
    clientConnections: number;
    /** Upstream connections to backends, busy and idle. */
    upstreamConnections: number;
    /** Backends this node's balancers hold marked down after passive failures (max_fails). */
    markedDown: number;
    lastFailure: string | undefined;
  }[];
  /** Every listener, in scenario order: its bandwidth limiter (docs/LAYER4.md, "Bandwidth caps"), both directions together. */
  listeners: {
    port: number;
    protocol: string;
    /** Who shapes it: its own cap, the paybybandwidth instance's shared pool, or nothing. */
    shapedBy: 'none' | 'listener' | 'instance';
    /** Its rate in Mbit/s (own cap or the pool's); null when unshaped. */
    capMbps: number | null;
    /** Since the start: bytes its limiter let through, packets it queued and dropped, and the longest queueing delay. */
    bytesShaped: number;
    packetsDelayed: number;
    packetsDropped: number;
    maxQueueDelayMs: number;
  }[];
  /** Every Key Server (HTTPS handshakes), in node order. */
  keyServers: {
    nodeId: number;
    up: boolean;
    slow: boolean;
    /** Key operations received, and refused while down, since the start. */
    requests: number;
    errors: number;
    /** Operations queued or running now (busy workers). */
    busy: number;
    /** Round-trip latency as Tengine waits for it, over the whole run (all Key Servers together). */
    latencyP50Ms: number;
    latencyP99Ms: number;
    lastFailure: string | undefined;
  }[];
}

/** One point of the live charts, at a whole simulated second. */
export interface MetricSample {
  timeS: number;
  newConnectionsPerSecond: number;
  /** Active connections per LVS node, in node order. */
  activePerLvs: number[];
  /** Requests per second per backend, in scenario order. */
  requestsPerBackend: number[];
  latencyMs: { p50: number; p95: number; p99: number };
  /** Connections ended per second by outcome reason (completed excluded). */
  errorsByReason: Record<string, number>;
  /** Billable bytes per second by path. */
  bytesOutPerSecond: { slbOut: number; eipOut: number; natOut: number; publicIpOut: number };
  costAccrued: number;
  /** Layer 7: requests ended per second by status class, in STATUS_CLASSES order. */
  requestsByClass: number[];
  /** HTTPS: TLS handshakes per second by kind, in HANDSHAKE_KINDS order. */
  handshakes: number[];
}

/** One row of an LVS node's connection table. */
/** How the inspector orders and filters an LVS node's connection table. */
export interface SessionQuery {
  sortBy?: SessionSortKey;
  descending?: boolean;
  /** Only entries in this TCP/UDP state (`ESTABLISHED`, …). */
  state?: string;
  /** Only entries scheduled to this backend (its label). */
  backend?: string;
  /** `own`: entries this node scheduled; `synced`: installed by session sync; `other`: neither. */
  sync?: 'own' | 'synced' | 'other';
}

/** The states a table entry may be in, as rows name them (the engine's CONN_STATE_NAMES without NONE). */
export const SESSION_STATES = ['SYN_RECV', 'ESTABLISHED', 'FIN_WAIT', 'TIME_WAIT', 'CLOSE', 'CLOSE_WAIT', 'LAST_ACK', 'UDP', 'SYN_SENT'] as const;

export const SESSION_SORT_KEYS = ['conn', 'client', 'state', 'timer', 'backend', 'sync'] as const;
export type SessionSortKey = (typeof SESSION_SORT_KEYS)[number];

export interface SessionRow {
  conn: number;
  client: string;
  state: string;
  /** Seconds until the entry expires. */
  timerS: number;
  backend: string;
  synced: boolean;
  origin: boolean;
  /** FULLNAT: `lip:lport` this node rewrites the client to towards the backend; '' while it holds no port. */
  local: string;
  /** Who the backend takes for the client: the real client (TOA) or, with FullNatEnabled, `local`; '' with no port. */
  backendSees: string;
}

/** Whether a connection can still send packets (Next packet): not opened yet, open, or ended (with its outcome and time when known). */
export type ConnectionStatus = { state: 'pending' } | { state: 'open' } | { state: 'ended'; atUs?: number; outcome?: string };

export interface JourneyEntryView {
  timeUs: number;
  conn: number;
  node: string;
  event: string;
  reason: string;
}

export interface EventFilter {
  node?: string;
  event?: string;
  conn?: number;
}

/** A frame without its hops: what step() and runUntil() return to their caller. */
export type FrameSummary = Omit<Frame, 'hops'>;

/** An export of the configuration in force: the main file (`path` undefined) and any beside it. */
export type ExportAnswer = { ok: true; files: { path: string | undefined; content: string }[] } | { ok: false; message: string };
/** An imported configuration as a scenario file, with what was left out by line; or why it could not be read. */
export type ImportAnswer =
  | { ok: true; scenario: unknown; warnings: { line: number; message: string }[] }
  | { ok: false; message: string; line?: number; column?: number };

/** One UTC+8 clock hour of a month estimate: its peaks and the spec its spec fee bills. */
export interface MonthEstimateHour {
  /** Start of the clock hour, UTC+8 local time like `billing.startTime`. */
  hourStart: string;
  peakConnections: number;
  peakCps: number;
  peakQps: number;
  billedSpec: string;
  /** The hourly fee of `billedSpec` in the bill's price table (USD per hour). */
  specFeePerHour: number;
}

/**
 * "Estimate a month": the flow model (src/engine/flow) run on the configuration in force now,
 * apart from the live run, next to the run's own projection at the same moment for comparison.
 */
export interface MonthEstimate {
  days: number;
  /** The flow model's bill for the whole window (its per-hour basis is in `hours`). */
  bill: Omit<Bill, 'hourly'>;
  hours: MonthEstimateHour[];
  /**
   * What the flow model was calibrated on: `packetSeconds` simulated seconds of packet-engine
   * samples in all (each client population's, and the egress and inbound flows'), the
   * connections they opened, their seed and events.
   */
  calibration: { packetSeconds: number; populations: number; connections: number; seed: number; events: number };
  /** How the figures were obtained, and what the calibration could not see. */
  method: string;
  notes: string[];
  wallMs: number;
  /** The run's packet-mode projection of a 730-hour month, and the simulated seconds it stands on. */
  packet: { projectedMonthly: number; basisS: number };
}

export type MonthEstimateAnswer = { ok: true; estimate: MonthEstimate } | { ok: false; message: string };

/** What the month estimate prices, read from the run: the configuration in force now, the run's seed, and the run's projection at this moment. */
export interface MonthEstimateInput {
  scenario: Scenario;
  seed: number;
  packet: MonthEstimate['packet'];
}

export interface SimWorkerApi {
  load(scenario: unknown, seed?: number): Promise<TopologyInfo>;
  play(): void;
  pause(): void;
  /** Processes exactly one event and returns the resulting frame. */
  step(): FrameSummary;
  /** Steps until the next packet of a connection is sent; progress frames while it searches; `cancel()` stops it. */
  stepToPacketOf(conn: number): Promise<FrameSummary>;
  /** Stops a run-until, seek or packet search in progress where it got to. */
  cancel(): void;
  /** Takes the journal's latest change back (kept for redo); the run replays to now without it. */
  undoChange(): FrameSummary;
  /** Puts back the change undone last. */
  redoChange(): FrameSummary;
  /** The formats exportRun and importConfig take. */
  interopFormats(): Promise<{ export: string[]; import: string[] }>;
  /** The configuration in force now, in an interop format (the CLI's `export`). */
  exportRun(format: string): Promise<ExportAnswer>;
  /** A configuration file read into a scenario file (the CLI's `import`); not loaded. */
  importConfig(text: string, format: string, name?: string): Promise<ImportAnswer>;
  connectionStatus(conn: number): ConnectionStatus;
  setSpeed(speed: number): void;
  /** Share of wall time the worker rests while the engine cannot keep up (pacing.ts); the page sets it from its own long tasks. */
  setIdleShare(share: number): void;
  reset(seed?: number): Promise<TopologyInfo>;
  /** Runs (paused) until the given simulated time ("run until t"); progress frames; `cancel()` stops it. */
  runUntil(simTimeUs: number): Promise<FrameSummary>;
  subscribe(onFrame: (frame: Frame) => void): void;
  /**
   * The UI calls this after it has consumed a frame, so the worker never floods it, handing back
   * (transferred) the frame's hop array, which the worker fills again for a later frame.
   */
  ack(hops?: Float64Array): void;
  /** The itemised bill for the traffic so far, for a region and charge type. */
  bill(options: BillOptions): Bill;
  /** Cost accrued over simulated time (for the chart). */
  costSeries(options: BillOptions): { timeS: number[]; total: number[] };
  /** How much simulated time the projected month stands on, and how far it moved over the run's second half. */
  projection(options: BillOptions): ProjectionStability;
  /** Jumps to a simulated time, backward or forward, from the nearest checkpoint (deterministic replay). */
  seek(simTimeUs: number): Promise<FrameSummary>;
  /** The ordered journey of one connection up to now: every hop and decision with its reason. */
  journey(conn: number): JourneyEntryView[];
  /** The simulated time (µs) of the checkpoint `journey(conn)` replays from; undefined before the connection opened. Cheap: the UI shows it while the replay runs. */
  journeyCheckpoint(conn: number): number | undefined;
  /** A window of an LVS node's connection table (for a virtualised list), and its total size. */
  /** `total`: entries matching the query's filters (all of the node's entries: `all`). */
  sessionTable(lvsIndex: number, offset: number, limit: number, query?: SessionQuery): { total: number; all: number; rows: SessionRow[] };
  /** Turns the event log on or off (it costs time while on). */
  setEventLog(enabled: boolean): void;
  /** The latest events matching a filter, oldest first. */
  events(filter: EventFilter, limit: number): JourneyEntryView[];
  /** The run as a scenario file: the initial configuration and its journal (save, share, replay in the CLI). */
  scenario(): unknown;
  /** The load balancer's configuration at the current simulated time. */
  configuration(): unknown;
  /** Serves one SLB API request (RPC parameters) against the running simulation; changes are journaled and applied now. */
  api(params: Record<string, string>): { status: number; body: Record<string, unknown> };
  /** Restores the journal entries the last branch discarded (the run replays to the current time). */
  undoBranch(): FrameSummary;
  /** What each fault so far did to which connections, at the current time. */
  failoverReport(): FailoverReport[];
  /** Injects a fault now: journaled (source "fault") at the current simulated time and applied. */
  injectFault(fault: LiveFaultRequest): InjectFaultAnswer;
  /** Takes the latest journal entry back when it is this API action (the run replays without it). */
  undoLastChange(action: string): FrameSummary;
  /** The topology as it is now (after configuration changes). */
  topology(): TopologyInfo;
  /** What Estimate a month prices: the configuration in force, the run's seed and its projection now (the estimate runs in a worker of its own). */
  monthEstimateInput(): MonthEstimateInput;
}

export const MIN_SPEED = 0.1;
export const MAX_SPEED = 10_000;

/**
 * An estimate of the worker's memory, counted in typed-array bytes (nearly all of it): the live
 * simulation's tables at their full capacity, as of its latest checkpoint, and the chunks every
 * checkpoint holds (a chunk shared by several checkpoints counts once). The JS heap of small
 * objects is not counted; the UI bench reads the real figures over CDP.
 */
export interface WorkerMemory {
  liveBytes: number;
  checkpointBytes: number;
  checkpoints: number;
  /**
   * One budget for the live simulation's tables and the checkpoints together (the worker's budget
   * less what is kept for its heap): checkpoints use what the live one leaves.
   */
  budgetBytes: number;
  /** Simulated time between checkpoints now (doubles as the store thins itself to fit). */
  intervalUs: number;
}
