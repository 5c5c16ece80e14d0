import { US_PER_S } from '../../shared/units';
import { Direction, PacketType } from '../core/kinds';
import { Outcome } from '../metrics/outcomes';
import type { Simulation } from '../simulation';
import { ClientPhase, ServerFlag } from '../traffic/connection-table';
import type { LvsCluster } from './cluster';
import { MAX_EXPIRY_AHEAD_US, SessionFlag, SYNCED_STATE_SHIFT } from './session-table';
import { ConnState, CONN_STATE_NAMES, isSyncableState, stateAfterClientPacket, stateAfterServerPacket } from './tcp-states';


/**
 * The life of one node's table entry: created when the node schedules a flow or receives it by
 * sync, moved through the kernel's TCP state tables by every packet (which restarts its timer;
 * client packets may also trigger a sync), expired by the connection's session timer (with an RST
 * to both sides where Alibaba's kernel sends one), and removed with its counts, FULLNAT port and
 * persistence-template hold released.
 */
export class SessionLifecycle {
  private readonly syncFirst: number;
  private readonly syncPeriod: number;

  constructor(
    private readonly sim: Simulation,
    private readonly lvs: LvsCluster,
    /** Timeouts in seconds by state (ESTABLISHED comes from the listener). */
    private readonly timeouts: readonly number[],
  ) {
    const longestS = Math.max(...timeouts, ...sim.scenario.listeners.map((l) => l.EstablishedTimeout));
    if (longestS * US_PER_S > MAX_EXPIRY_AHEAD_US) throw new Error(`session timeouts over ${Math.floor(MAX_EXPIRY_AHEAD_US / US_PER_S)} s do not fit the 32-bit expiry column`);
    [this.syncFirst, this.syncPeriod] = sim.scenario.cluster.sync.threshold;
  }

  /** A new, still stateless entry; the packet that created it sets its first state. */
  create(conn: number, i: number, backend: number, flags: number): void {
    const s = this.lvs.sessions;
    const index = s.own(conn, i);
    s.state[index] = ConnState.None;
    s.flags[index] = flags;
    s.packets[index] = 0;
    s.backend[index] = backend;
    this.sim.conns.sessions[conn] = (this.sim.conns.sessions[conn] as number) + 1;
  }

  /** The entry's persistence template now holds it (n_control) until the entry is removed. */
  control(conn: number, i: number): void {
    const s = this.lvs.sessions;
    const index = s.own(conn, i);
    if (((s.flags[index] as number) & SessionFlag.Controlled) !== 0) return;
    s.flags[index] = (s.flags[index] as number) | SessionFlag.Controlled;
    this.lvs.templates.control(i, this.sim.conns.listener[conn] as number, this.sim.conns.clientIp[conn] as number);
  }

  /**
   * A client → LB packet (`ip_vs_in`): the INPUT state table, the packet counter, the timer, and
   * the sync decision of `ip_vs_sync_conn_needed`. A TCP entry is synced only in a syncable state:
   * at once when its state differs from the one it was last synced in (ESTABLISHED excepted), and
   * otherwise when the counter reaches `first` modulo `period`. `lastOrdinal` is the client's
   * number for the packet's last segment, so a journey can name the packet that triggered a record.
   */
  onClientPacket(conn: number, i: number, packetType: number, segments: number, lastOrdinal: number): void {
    const s = this.lvs.sessions;
    const index = s.own(conn, i);
    const udp = this.lvs.isUdp(conn);
    const next = udp ? ConnState.Udp : stateAfterClientPacket(s.state[index] as number, packetType);
    this.moveTo(conn, i, index, next);
    const before = s.packets[index] as number;
    const period = this.syncPeriod;
    // Segments until the counter next equals `first` (mod period): 1 … period.
    const distance = ((((this.syncFirst - before - 1) % period) + period) % period) + 1;
    s.packets[index] = (before + segments) % period;
    const thresholdHit = distance <= segments;
    let sync = thresholdHit;
    if (!udp) {
      const changed = next !== this.syncedStateOf(index);
      sync = isSyncableState(next) && ((changed && next !== ConnState.Established) || thresholdHit);
    }
    // An entry with no backend (LVS answering the handshake itself) has nothing a peer could forward to.
    if (!sync || (s.backend[index] as number) < 0) return;
    if (!udp) this.setSyncedState(index, next);
    const trigger = lastOrdinal - segments + (thresholdHit ? distance : segments);
    this.sim.sync.enqueue(i, conn, trigger, packetType);
  }

  /** A backend → LB packet: the OUTPUT state table and the timer. Replies never trigger a sync. */
  onServerPacket(conn: number, i: number, packetType: number): void {
    const s = this.lvs.sessions;
    const index = s.own(conn, i);
    this.moveTo(conn, i, index, this.lvs.isUdp(conn) ? ConnState.Udp : stateAfterServerPacket(s.state[index] as number, packetType));
  }

  /**
   * LVS itself sent an RST for this entry's connection (no healthy backend, drain timeout): the
   * entry leaves ESTABLISHED at once, as the RST's own pass through the table would move it, so
   * active counts and instance concurrency reflect live connections only. No sync: only client
   * packets trigger records.
   */
  onResetSent(conn: number, i: number): void {
    const index = this.lvs.sessions.at(conn, i);
    if (this.lvs.sessions.state[index] === ConnState.None || this.lvs.isUdp(conn)) return;
    this.moveTo(conn, i, index, ConnState.Close);
  }

  /**
   * Installs or refreshes a session received by sync with the record's state (`ip_vs_proc_conn`).
   * By default its timer restarts with that state's full timeout, as mainline `ip_vs_sync.c`
   * does; with `sync.installTimeout: 'remaining'` it ends when the sender's timer does. Its packet
   * counter starts at the threshold, so if the flow lands here it re-syncs `period` packets on.
   */
  installSynced(conn: number, i: number, state: number, backend: number, senderExpiresUs: number, fromNode: number): void {
    const sim = this.sim;
    const c = sim.conns;
    const s = this.lvs.sessions;
    const index = s.own(conn, i);
    if (s.state[index] === ConnState.None) this.create(conn, i, backend, 0);
    if (((s.flags[index] as number) & SessionFlag.Synced) === 0) {
      s.flags[index] = (s.flags[index] as number) | SessionFlag.Synced;
      this.lvs.syncedHeld[i] = (this.lvs.syncedHeld[i] as number) + 1;
    }
    if (s.state[index] !== state) this.setState(conn, i, index, s.state[index] as number, state);
    s.packets[index] = this.syncFirst % this.syncPeriod;
    if (!this.lvs.isUdp(conn)) this.setSyncedState(index, state);
    const listener = c.listener[conn] as number;
    if (backend >= 0 && this.lvs.templates.enabled(listener)) {
      this.lvs.templates.remember(i, listener, c.clientIp[conn] as number, backend, sim.nowUs);
      this.control(conn, i);
    }
    const full = sim.scenario.cluster.sync.installTimeout === 'full';
    this.setExpiry(conn, index, full ? sim.nowUs + this.timeoutOf(conn, state) * US_PER_S : Math.max(sim.nowUs, senderExpiresUs));
    if (sim.journal) sim.note(conn, this.lvs.ids[i] as number, 'synced', `session ${CONN_STATE_NAMES[state]} installed from ${sim.topology.nodes[fromNode]!.label}`);
  }

  /** The connection's session timer fired: expire the entries that are due, re-arm for the rest. */
  onSessionTimer(conn: number): void {
    const sim = this.sim;
    const s = this.lvs.sessions;
    let next = Infinity;
    for (let i = 0; i < s.nodes; i++) {
      const index = s.at(conn, i);
      if (s.state[index] === ConnState.None) continue;
      const expires = s.expiryOf(index, sim.nowUs);
      if (expires <= sim.nowUs) this.expire(conn, i);
      else if (expires < next) next = expires;
    }
    if (next < Infinity) this.lvs.timers.set(conn, next);
    else this.lvs.timers.cancel(conn);
    sim.releaseIfFinished(conn);
  }

  /**
   * Node i's entry timed out. Alibaba's kernel (`conn_expire_tcp_rst`, `cluster.expiryReset`)
   * resets both sides of an ESTABLISHED connection, so the client learns now rather than at its
   * next packet. Only the node the flow currently passes through does so: a synced copy elsewhere
   * that nobody forwards through expires silently. A synced entry leaves a mark, so a flow that
   * later finds it gone is told its synced session expired.
   */
  private expire(conn: number, i: number): void {
    const sim = this.sim;
    const s = this.lvs.sessions;
    const index = s.own(conn, i);
    const flags = s.flags[index] as number;
    const synced = (flags & SessionFlag.Synced) !== 0;
    const node = this.lvs.ids[i] as number;
    const c = sim.conns;
    const resetBoth = sim.scenario.cluster.expiryReset && s.state[index] === ConnState.Established && !this.lvs.isUdp(conn) && c.lvsNode[conn] === node && c.phase[conn] !== ClientPhase.Done;
    const backend = s.backend[index] as number;
    this.remove(conn, i);
    if (synced) s.flags[index] = SessionFlag.SyncedExpired;
    if (resetBoth) this.resetBothSides(conn, node, backend, synced ? Outcome.synced_session_expired : Outcome.session_expired);
  }

  private resetBothSides(conn: number, node: number, backend: number, outcome: number): void {
    const sim = this.sim;
    const c = sim.conns;
    const toClient = sim.packets.allocate(conn, c.tag(conn), PacketType.Rst, Direction.ToClient, 1, 40);
    this.lvs.reset(toClient, node, conn, outcome, `${CONN_STATE_NAMES[ConnState.Established]} session idle past its timeout: RST to client and backend (conn_expire_tcp_rst)`);
    if (backend < 0) return;
    const toBackend = sim.packets.allocate(conn, c.tag(conn), PacketType.Rst, Direction.ToServer, 1, 40);
    sim.forward(toBackend, node, sim.real.node[backend] as number);
  }

  /** Deletes node i's entry for a connection, releasing its counts, FULLNAT port and template hold. */
  remove(conn: number, i: number): void {
    const lvs = this.lvs;
    const s = lvs.sessions;
    const c = this.sim.conns;
    const index = s.at(conn, i);
    const state = s.state[index] as number;
    if (state === ConnState.None) return;
    const backend = s.backend[index] as number;
    const flags = s.flags[index] as number;
    lvs.views.count(i, c.listener[conn] as number, backend, state, ConnState.None);
    if ((flags & SessionFlag.Synced) !== 0) lvs.syncedHeld[i] = (lvs.syncedHeld[i] as number) - 1;
    if ((flags & SessionFlag.Controlled) !== 0) lvs.templates.release(i, c.listener[conn] as number, c.clientIp[conn] as number, this.sim.nowUs);
    if ((flags & SessionFlag.Origin) !== 0) lvs.releaseOrigin(conn);
    lvs.fullnat.release(conn, i, backend);
    s.state[index] = ConnState.None;
    s.flags[index] = 0;
    c.sessions[conn] = (c.sessions[conn] as number) - 1;
    this.sim.listenerMetrics.entryChanged(conn);
  }

  /** Forgets what node tables remember of a connection whose slot is being freed. */
  forget(conn: number): void {
    this.lvs.sessions.release(conn);
  }

  /** Moves node i's entry (at `index`, which has a row) to a state and restarts its timer. */
  private moveTo(conn: number, i: number, index: number, next: number): void {
    const previous = this.lvs.sessions.state[index] as number;
    if (previous !== next) this.setState(conn, i, index, previous, next);
    this.setExpiry(conn, index, this.sim.nowUs + this.timeoutOf(conn, next) * US_PER_S);
  }

  private syncedStateOf(index: number): number {
    return (this.lvs.sessions.flags[index] as number) >> SYNCED_STATE_SHIFT;
  }

  private setSyncedState(index: number, state: number): void {
    const flags = this.lvs.sessions.flags;
    flags[index] = ((flags[index] as number) & ((1 << SYNCED_STATE_SHIFT) - 1)) | (state << SYNCED_STATE_SHIFT);
  }

  private setState(conn: number, i: number, index: number, previous: number, next: number): void {
    const s = this.lvs.sessions;
    s.state[index] = next;
    this.lvs.views.count(i, this.sim.conns.listener[conn] as number, s.backend[index] as number, previous, next);
    this.sim.listenerMetrics.entryChanged(conn);
    if (next === ConnState.Established) this.sim.conns.serverFlags[conn] = (this.sim.conns.serverFlags[conn] as number) | ServerFlag.HandshakeDone;
  }

  private timeoutOf(conn: number, state: number): number {
    if (state === ConnState.Established) return this.sim.scenario.listeners[this.sim.conns.listener[conn] as number]!.EstablishedTimeout;
    return this.timeouts[state] as number;
  }

  private setExpiry(conn: number, index: number, atUs: number): void {
    this.lvs.sessions.setExpiry(index, atUs);
    // One timer per connection, at or before its earliest session expiry: a refresh that only
    // extends an entry leaves the timer alone, and the timer re-arms for the rest when it fires.
    if (atUs < this.lvs.timers.timeOf(conn)) this.lvs.timers.set(conn, atUs);
  }

}
