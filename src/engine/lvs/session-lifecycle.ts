import { US_PER_S } from '../../shared/units';
import type { Simulation } from '../simulation';
import type { LvsCluster } from './cluster';
import { MAX_EXPIRY_AHEAD_US, SessionFlag } from './session-table';
import { ConnState, CONN_STATE_NAMES, isClosingState } from './tcp-states';

/** serverFlags bit: some LVS node saw the handshake complete (decides failover_handshake vs _unsynced). */
export const HANDSHAKE_DONE = 4;

/**
 * The life of one node's table entry: created when the node schedules a flow or receives it by
 * sync, advanced by every packet through the TCP state machine (which restarts its timer and may
 * trigger a sync), expired by the connection's session timer, and removed with its counts and
 * FULLNAT port released.
 */
export class SessionLifecycle {
  constructor(
    private readonly sim: Simulation,
    private readonly lvs: LvsCluster,
    /** Timeouts in seconds by state (ESTABLISHED comes from the listener). */
    private readonly timeouts: readonly number[],
  ) {
    const longestS = Math.max(...timeouts, ...sim.scenario.listeners.map((l) => l.EstablishedTimeout));
    if (longestS * US_PER_S > MAX_EXPIRY_AHEAD_US) throw new Error(`session timeouts over ${Math.floor(MAX_EXPIRY_AHEAD_US / US_PER_S)} s do not fit the 32-bit expiry column`);
  }

  /** A new, still stateless entry; the packet that created it sets its first state via advance(). */
  create(conn: number, i: number, backend: number, flags: number): void {
    const s = this.lvs.sessions;
    const index = conn * s.nodes + i;
    s.state[index] = ConnState.None;
    s.flags[index] = flags;
    s.packets[index] = 0;
    s.backend[index] = backend;
    this.sim.conns.sessions[conn] = (this.sim.conns.sessions[conn] as number) + 1;
  }

  /**
   * Moves a session to `next` after a packet: counts client packets towards the sync threshold,
   * restarts the state's timer, and syncs at the threshold or on entering a closing state.
   */
  advance(conn: number, i: number, next: number, clientSegments: number): void {
    const s = this.lvs.sessions;
    const index = conn * s.nodes + i;
    const udp = this.lvs.isUdp(conn);
    const target = udp ? ConnState.Udp : next;
    const previous = s.state[index] as number;
    if (previous !== target) this.setState(conn, i, previous, target);
    this.setExpiry(conn, i, this.sim.nowUs + this.timeoutOf(conn, target) * US_PER_S);
    let sync = isClosingState(target) && previous !== target;
    if (clientSegments > 0) {
      const [first, period] = this.sim.scenario.cluster.sync.threshold;
      const before = s.packets[index] as number;
      const distance = ((((first - before - 1) % period) + period) % period) + 1;
      s.packets[index] = (before + clientSegments) % period;
      if (distance <= clientSegments && (udp || target === ConnState.Established || isClosingState(target))) sync = true;
    }
    if (sync) this.sim.sync.enqueue(i, conn);
  }

  /**
   * Installs or refreshes a session received by sync with the record's state. Its timer runs for
   * the time the sender had left, so both end together (the layer-4 issue's rule, default), or,
   * with `sync.installTimeout: 'full'`, for that state's full timeout restarted on receipt, as the
   * mainline kernel does (DOMAIN §2.4).
   */
  installSynced(conn: number, i: number, state: number, backend: number, senderExpiresUs: number, fromNode: number): void {
    const sim = this.sim;
    const c = sim.conns;
    const s = this.lvs.sessions;
    const index = conn * s.nodes + i;
    if (s.state[index] === ConnState.None) this.create(conn, i, backend, 0);
    if (((s.flags[index] as number) & SessionFlag.Synced) === 0) {
      s.flags[index] = (s.flags[index] as number) | SessionFlag.Synced;
      this.lvs.syncedHeld[i] = (this.lvs.syncedHeld[i] as number) + 1;
    }
    if (s.state[index] !== state) this.setState(conn, i, s.state[index] as number, state);
    this.lvs.templates.remember(i, c.listener[conn] as number, c.clientIp[conn] as number, backend, sim.nowUs);
    const full = sim.scenario.cluster.sync.installTimeout === 'full';
    this.setExpiry(conn, i, full ? sim.nowUs + this.timeoutOf(conn, state) * US_PER_S : Math.max(sim.nowUs, senderExpiresUs));
    sim.note(conn, this.lvs.ids[i] as number, 'synced', `session ${CONN_STATE_NAMES[state]} installed from ${sim.topology.nodes[fromNode]!.label}`);
  }

  /** The connection's session timer fired: expire the entries that are due, re-arm for the rest. */
  onSessionTimer(conn: number): void {
    const sim = this.sim;
    const s = this.lvs.sessions;
    let next = Infinity;
    for (let i = 0; i < s.nodes; i++) {
      const index = conn * s.nodes + i;
      if (s.state[index] === ConnState.None) continue;
      const expires = s.expiryOf(index, sim.nowUs);
      if (expires <= sim.nowUs) this.remove(conn, i);
      else if (expires < next) next = expires;
    }
    if (next < Infinity) this.lvs.timers.set(conn, next);
    else this.lvs.timers.cancel(conn);
    sim.releaseIfFinished(conn);
  }

  /** Deletes node i's entry for a connection, releasing its counts and FULLNAT port. */
  remove(conn: number, i: number): void {
    const lvs = this.lvs;
    const s = lvs.sessions;
    const c = this.sim.conns;
    const index = conn * s.nodes + i;
    const state = s.state[index] as number;
    if (state === ConnState.None) return;
    const backend = s.backend[index] as number;
    lvs.views.count(i, c.listener[conn] as number, backend, state, ConnState.None);
    if (((s.flags[index] as number) & SessionFlag.Synced) !== 0) lvs.syncedHeld[i] = (lvs.syncedHeld[i] as number) - 1;
    if (((s.flags[index] as number) & SessionFlag.Origin) !== 0) lvs.concurrent--;
    lvs.fullnat.release(conn, i, backend);
    s.state[index] = ConnState.None;
    s.flags[index] = 0;
    c.sessions[conn] = (c.sessions[conn] as number) - 1;
  }

  private setState(conn: number, i: number, previous: number, next: number): void {
    const s = this.lvs.sessions;
    const index = conn * s.nodes + i;
    s.state[index] = next;
    this.lvs.views.count(i, this.sim.conns.listener[conn] as number, s.backend[index] as number, previous, next);
    if (next === ConnState.Established) this.sim.conns.serverFlags[conn] = (this.sim.conns.serverFlags[conn] as number) | HANDSHAKE_DONE;
  }

  private timeoutOf(conn: number, state: number): number {
    if (state === ConnState.Established) return this.sim.scenario.listeners[this.sim.conns.listener[conn] as number]!.EstablishedTimeout;
    return this.timeouts[state] as number;
  }

  private setExpiry(conn: number, i: number, atUs: number): void {
    this.lvs.sessions.setExpiry(conn * this.lvs.sessions.nodes + i, atUs);
    // One timer per connection, at or before its earliest session expiry: a refresh that only
    // extends an entry leaves the timer alone, and the timer re-arms for the rest when it fires.
    if (atUs < this.lvs.timers.timeOf(conn)) this.lvs.timers.set(conn, atUs);
  }
}
