import { US_PER_S } from '../../shared/units';
import { grow } from '../core/event-queue';
import { isActive, ConnState } from '../lvs/tcp-states';
import { Outcome } from './outcomes';
import type { Simulation } from '../simulation';

/**
 * What each listener's history holds per simulated second, in this order. The first six are
 * counts within the second (deltas of cumulative counters); `active` and `inactive` are the
 * connections open at the end of the second.
 */
export const LISTENER_FIELDS = ['newConnections', 'dropConnections', 'rxBytes', 'txBytes', 'rxPackets', 'txPackets', 'active', 'inactive'] as const;
export type ListenerField = (typeof LISTENER_FIELDS)[number];
export const Field = Object.fromEntries(LISTENER_FIELDS.map((f, i) => [f, i])) as { [K in ListenerField]: number };

const FIELDS = LISTENER_FIELDS.length;
/** The cumulative counters come first in LISTENER_FIELDS; the gauges follow. */
const COUNTERS = 6;
/** Per-second history kept per listener: the last hour of simulated time. */
export const HISTORY_SECONDS = 3600;
const INITIAL_CAPACITY = 64;

/**
 * Per-listener traffic as CloudMonitor reads it from SLB (acs_slb_dashboard): new and dropped
 * connections, bytes and packets each way on the client side, and active/inactive connections,
 * kept per simulated second for the last hour.
 *
 * Counters are fed by hooks that cost a few typed-array additions and allocate nothing: a client
 * opens a connection (`connectionOpened`), a connection ends (`connectionEnded`), a packet crosses
 * the Internet ↔ ECMP router link (`hop`: Internet → router is RX to the instance, router →
 * Internet is TX, so every client-side byte is counted once, where billing meters it too).
 *
 * Seconds are closed by `closeUntil`, which the simulation calls before it processes the first
 * event at or after the next whole second: state only changes at events, so the connection counts
 * taken then are exactly those at the end of the second, however the run was stepped or paused,
 * and nothing is pushed onto the agenda (the trace hash does not see the metrics).
 *
 * Active and inactive connections count each connection once, not once per LVS node holding a
 * (synced) entry for it: active while some node holds it ESTABLISHED (or UDP), inactive while
 * nodes hold entries for it but none ESTABLISHED. The LVS session lifecycle reports every entry
 * change (`entryChanged`), and the per-listener counts follow, so closing a second reads them
 * instead of scanning the connection table.
 */
export class ListenerMetrics {
  readonly listeners: number;
  /** Cumulative counters, `listener * COUNTERS + field`. */
  readonly totals: Float64Array;
  /** `totals` at the last closed second. */
  private readonly atClose: Float64Array;
  /** Per second, `((second % capacity) * listeners + listener) * FIELDS + field`. */
  private history: Float64Array;
  private capacity = INITIAL_CAPACITY;
  /** Seconds [0, closedSeconds) are closed; the oldest ones beyond the history are gone. */
  closedSeconds = 0;
  /** When the next second closes (the end of second `closedSeconds`). */
  nextCloseUs = US_PER_S;
  private readonly internet: number;
  private readonly router: number;
  /** Connections now active / inactive, per listener. */
  readonly active: Float64Array;
  readonly inactive: Float64Array;
  /** Per connection slot, how it is counted: 0 not at all (no entry), 1 active, 2 inactive. */
  private counted = new Uint8Array(0);

  constructor(private readonly sim: Simulation) {
    this.listeners = sim.scenario.listeners.length;
    this.totals = new Float64Array(this.listeners * COUNTERS);
    this.atClose = new Float64Array(this.listeners * COUNTERS);
    this.history = new Float64Array(this.capacity * this.listeners * FIELDS);
    this.active = new Float64Array(this.listeners);
    this.inactive = new Float64Array(this.listeners);
    const t = sim.topology;
    this.internet = t.byKind.internet[0] as number;
    this.router = t.byKind.router[0] as number;
  }

  // --- hooks (per connection / per packet hop) ------------------------------------------------

  connectionOpened(listener: number): void {
    const i = listener * COUNTERS + Field.newConnections;
    this.totals[i] = (this.totals[i] as number) + 1;
  }

  /** A connection ended; one dropped over the instance's limits counts as a dropped connection. */
  connectionEnded(conn: number, outcome: number): void {
    if (outcome !== Outcome.instance_limit) return;
    const i = (this.sim.conns.listener[conn] as number) * COUNTERS + Field.dropConnections;
    this.totals[i] = (this.totals[i] as number) + 1;
  }

  /** A packet leaves `from` for `to`; only the Internet ↔ router link is counted. */
  hop(from: number, to: number, packet: number): void {
    let field: number;
    if (from === this.internet && to === this.router) field = Field.rxBytes;
    else if (from === this.router && to === this.internet) field = Field.txBytes;
    else return;
    const p = this.sim.packets;
    const base = (this.sim.conns.listener[p.conn[packet] as number] as number) * COUNTERS;
    this.totals[base + field] = (this.totals[base + field] as number) + (p.bytes[packet] as number);
    // rxPackets/txPackets sit two places after rxBytes/txBytes.
    this.totals[base + field + 2] = (this.totals[base + field + 2] as number) + (p.segments[packet] as number);
  }

  /** Some LVS node's entry for the connection changed state, appeared or went away. */
  entryChanged(conn: number): void {
    const sessions = this.sim.lvs.sessions;
    const nodes = sessions.nodes;
    const base = sessions.at(conn, 0);
    let now = 0;
    for (let i = 0; i < nodes; i++) {
      const state = sessions.state[base + i] as number;
      if (state === ConnState.None) continue;
      now = 2;
      if (isActive(state)) {
        now = 1;
        break;
      }
    }
    if (conn >= this.counted.length) this.counted = grow(this.counted, this.sim.conns.capacity);
    const was = this.counted[conn] as number;
    if (was === now) return;
    this.counted[conn] = now;
    const l = this.sim.conns.listener[conn] as number;
    if (was === 1) this.active[l] = (this.active[l] as number) - 1;
    else if (was === 2) this.inactive[l] = (this.inactive[l] as number) - 1;
    if (now === 1) this.active[l] = (this.active[l] as number) + 1;
    else if (now === 2) this.inactive[l] = (this.inactive[l] as number) + 1;
  }

  // --- closing seconds ------------------------------------------------------------------------

  /**
   * Closes every second that ended at or before `nowUs`. Called before the first event at or
   * after `nextCloseUs` is processed, and by readers before they read (with the clock's time):
   * either way no event at or after the seconds' end has been processed yet.
   */
  closeUntil(nowUs: number): void {
    const end = Math.floor(nowUs / US_PER_S);
    if (end <= this.closedSeconds) return;
    this.ensureCapacity(end);
    const first = Math.max(this.closedSeconds, end - this.capacity);
    for (let second = first; second < end; second++) {
      const row = (second % this.capacity) * this.listeners;
      for (let l = 0; l < this.listeners; l++) {
        const at = (row + l) * FIELDS;
        for (let f = 0; f < COUNTERS; f++) {
          const i = l * COUNTERS + f;
          // Everything counted since the last close happened in the first of these seconds.
          this.history[at + f] = second === this.closedSeconds ? (this.totals[i] as number) - (this.atClose[i] as number) : 0;
        }
        this.history[at + Field.active] = this.active[l] as number;
        this.history[at + Field.inactive] = this.inactive[l] as number;
      }
    }
    this.atClose.set(this.totals);
    this.closedSeconds = end;
    this.nextCloseUs = (end + 1) * US_PER_S;
  }

  /** The oldest second still in the history (history covers [firstSecond, closedSeconds)). */
  get firstSecond(): number {
    return Math.max(0, this.closedSeconds - this.capacity);
  }

  /** Memory the per-second history takes now (it grows with the run up to an hour, then stays). */
  get historyBytes(): number {
    return this.history.byteLength;
  }

  /** One field of one listener in one closed, retained second. */
  value(second: number, listener: number, field: number): number {
    if (second < this.firstSecond || second >= this.closedSeconds) throw new RangeError(`second ${second} is not in the metric history [${this.firstSecond}, ${this.closedSeconds})`);
    if (listener < 0 || listener >= this.listeners) throw new RangeError(`no listener ${listener}`);
    return this.history[((second % this.capacity) * this.listeners + listener) * FIELDS + field] as number;
  }

  /** Grows the ring until it holds `seconds` seconds or the whole history, keeping what it holds. */
  private ensureCapacity(seconds: number): void {
    if (seconds <= this.capacity || this.capacity >= HISTORY_SECONDS) return;
    let capacity = this.capacity;
    while (capacity < seconds && capacity < HISTORY_SECONDS) capacity *= 2;
    capacity = Math.min(capacity, HISTORY_SECONDS);
    // Until now no second ≥ the old capacity was stored, so every stored second keeps its slot.
    const grown = new Float64Array(capacity * this.listeners * FIELDS);
    grown.set(this.history);
    this.history = grown;
    this.capacity = capacity;
  }
}
