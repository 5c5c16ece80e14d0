import { CONN_STATE_NAMES, ConnState } from '../engine/lvs/tcp-states';
import { localAddress } from '../engine/lvs/fullnat';
import { SessionFlag } from '../engine/lvs/session-table';
import type { Simulation } from '../engine/simulation';
import { formatIp } from '../engine/net/ipv4';
import type { NodeStates, SessionQuery, SessionRow, SessionSortKey } from './protocol';

/** Live state of each LVS node and backend, for the topology's badges. */
export function nodeStates(sim: Simulation, requestsPerSecond: readonly number[]): NodeStates {
  const lvs = sim.lvs;
  return {
    lvs: lvs.ids.map((nodeId, i) => ({
      nodeId,
      up: lvs.up[i] === 1,
      announced: lvs.ecmp.isAnnounced(nodeId),
      active: lvs.activeOn(i),
      inactive: lvs.inactiveOn(i),
      synced: sim.sync.received[i] as number,
      syncedHeld: lvs.syncedHeld[i] as number,
      flows: lvs.flows[i] as number,
      resets: lvs.resets[i] as number,
      lastFailure: lvs.lastFailure[i],
      localAddresses: `${formatIp(localAddress(i, 0))} – ${formatIp(localAddress(i, lvs.fullnat.addressesPerNode - 1))}`,
      localPortsInUse: portsOn(sim, i),
    })),
    backends: sim.scenario.ecsInstances.map((_, b) => ({
      nodeId: sim.topology.byKind.ecs[b] as number,
      health: sim.scenario.listeners.length > 0 ? sim.health.statusName(0, b) : 'unavailable',
      condition: sim.servers.removed[b] === 1 ? 'removed' : sim.servers.conditionName(b),
      weight: sim.servers.weight[b] as number,
      open: sim.servers.open[b] as number,
      upstreamOpen: sim.tengine.upstreamTo(b),
      requestsPerSecond: requestsPerSecond[b] ?? 0,
      lastFailure: sim.servers.lastFailure[b],
    })),
    ...layer7States(sim),
    listeners: listenerStates(sim),
  };
}

/** Per listener: its bandwidth limiter's counters, inbound and outbound together. */
function listenerStates(sim: Simulation): NodeStates['listeners'] {
  const b = sim.bandwidth;
  const sum = (column: Float64Array, l: number): number => (column[2 * l] as number) + (column[2 * l + 1] as number);
  return sim.scenario.listeners.map((listener, l) => ({
    port: listener.ListenerPort,
    protocol: listener.ListenerProtocol,
    shapedBy: b.shapedBy[l]!,
    capMbps: b.shapedBy[l] === 'none' ? null : (b.rateMbps[l] as number),
    bytesShaped: sum(b.bytes, l),
    packetsDelayed: sum(b.packetsDelayed, l),
    packetsDropped: sum(b.packetsDropped, l),
    maxQueueDelayMs: Math.max(b.maxDelayUs[2 * l] as number, b.maxDelayUs[2 * l + 1] as number) / 1000,
  }));
}

/** Tengine nodes and Key Servers: what the inspector and the node labels show. */
export function layer7States(sim: Simulation): Pick<NodeStates, 'tengine' | 'keyServers'> {
  const t = sim.tengine;
  const ks = t.keyServers;
  const p50 = ks.latency.percentileUs(50) / 1000;
  const p99 = ks.latency.percentileUs(99) / 1000;
  return {
    tengine: sim.topology.byKind.tengine.map((nodeId, i) => ({
      nodeId,
      up: t.up[i] === 1,
      requests: t.requests[i] as number,
      clientConnections: t.clientConnections[i] as number,
      upstreamConnections: t.upstreamConnections(i),
      markedDown: t.markedDown(i),
      lastFailure: t.lastFailure[i],
    })),
    keyServers: sim.topology.byKind.keyserver.map((nodeId, k) => ({
      nodeId,
      up: ks.up[k] === 1,
      slow: ks.slow[k] === 1,
      requests: ks.requests[k] as number,
      errors: ks.errors[k] as number,
      busy: ks.queued(k),
      latencyP50Ms: p50,
      latencyP99Ms: p99,
      lastFailure: ks.lastFailure[k],
    })),
  };
}

/**
 * A window of one LVS node's connection table, in connection order. Scans the table once per call
 * (a few ms for 100k rows), so the UI can virtualise any size.
 */
/**
 * An LVS node's connection table, one page of it: filtered by state, backend and sync origin,
 * ordered by any column (connection number breaks ties, so pages never shuffle between refreshes).
 */
export function sessionTable(sim: Simulation, lvsIndex: number, offset: number, limit: number, query: SessionQuery = {}): { total: number; all: number; rows: SessionRow[] } {
  const c = sim.conns;
  const s = sim.lvs.sessions;
  const row = (conn: number): SessionRow => {
    const index = s.at(conn, lvsIndex);
    const backend = s.backend[index] as number;
    return {
      conn: c.serial[conn] as number,
      client: `${formatIp(c.clientIp[conn] as number)}:${c.clientPort[conn]}`,
      state: CONN_STATE_NAMES[s.state[index] as number] ?? '?',
      timerS: Math.max(0, (s.expiryOf(index, sim.timeUs) - sim.timeUs) / 1e6),
      backend: backend >= 0 ? sim.real.label[backend]! : '(none: SYN proxy)',
      synced: ((s.flags[index] as number) & SessionFlag.Synced) !== 0,
      origin: ((s.flags[index] as number) & SessionFlag.Origin) !== 0,
      ...wire(sim, conn, lvsIndex),
    };
  };
  let all = 0;
  const candidates: SessionRow[] = [];
  const filtered = query.state !== undefined || query.backend !== undefined || query.sync !== undefined;
  const sorted = (query.sortBy ?? 'conn') !== 'conn';
  const slots: number[] = [];
  for (let conn = 0; conn < c.slots; conn++) {
    if (c.serial[conn] === 0 || s.state[s.at(conn, lvsIndex)] === ConnState.None) continue;
    all++;
    if (!filtered && !sorted) slots.push(conn);
    else {
      const r = row(conn);
      if (matches(r, query)) candidates.push(r);
    }
  }
  // The plain view (by connection number, unfiltered) builds rows for one page only: tables of 100k+ entries stay cheap.
  if (!filtered && !sorted) {
    slots.sort((a, b) => (c.serial[a] as number) - (c.serial[b] as number));
    return { total: slots.length, all, rows: slots.slice(offset, offset + limit).map(row) };
  }
  const key = SORT_VALUE[query.sortBy ?? 'conn'];
  const direction = query.descending === true ? -1 : 1;
  candidates.sort((a, b) => {
    const x = key(a);
    const y = key(b);
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'en', { numeric: true });
    return direction * order || a.conn - b.conn;
  });
  return { total: candidates.length, all, rows: candidates.slice(offset, offset + limit) };
}

const syncOf = (r: SessionRow): 'own' | 'synced' | 'other' => (r.origin ? 'own' : r.synced ? 'synced' : 'other');

const SORT_VALUE: Record<SessionSortKey, (r: SessionRow) => number | string> = {
  conn: (r) => r.conn,
  client: (r) => r.client,
  state: (r) => r.state,
  timer: (r) => r.timerS,
  backend: (r) => r.backend,
  sync: syncOf,
};

function matches(r: SessionRow, query: SessionQuery): boolean {
  return (query.state === undefined || r.state === query.state) && (query.backend === undefined || r.backend === query.backend) && (query.sync === undefined || syncOf(r) === query.sync);
}

/** The FULLNAT side of a row: only the node holding the connection's local port rewrites it. */
function wire(sim: Simulation, conn: number, lvsIndex: number): { local: string; backendSees: string } {
  const s = sim.lvs.sessions;
  if (((s.flags[s.at(conn, lvsIndex)] as number) & SessionFlag.LocalPort) === 0) return { local: '', backendSees: '' };
  return { local: sim.lvs.fullnat.local(conn, lvsIndex), backendSees: sim.lvs.fullnat.seenByBackend(conn, lvsIndex) };
}

function portsOn(sim: Simulation, lvsIndex: number): number {
  const backends = sim.lvs.backends; // real servers: backends, then Tengine nodes for layer 7
  let total = 0;
  for (let b = 0; b < backends; b++) total += sim.lvs.portsInUse[lvsIndex * backends + b] as number;
  return total;
}
