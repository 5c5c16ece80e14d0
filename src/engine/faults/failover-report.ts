import { US_PER_S } from '../../shared/units';
import { Outcome, OUTCOMES, type OutcomeReason } from '../metrics/outcomes';
import { NO_RESPONSE } from '../tengine/l7-metrics';
import type { Simulation } from '../simulation';
import { ClientPhase, ServerFlag } from '../traffic/connection-table';
import { linkEnds } from './faults';

/** One fault's consequences, as the report shows them (docs/LAYER4.md, "Failover report"). */
export interface FailoverReport {
  action: string;
  target: string | undefined;
  /** Seconds of simulated time. */
  atS: number;
  /** When the fault's clearing action ran on the same target; null while it lasts. */
  endS: number | null;
  /** When the system noticed: route withdrawn, health check marked down, passive marking; null if never. */
  detectedAtS: number | null;
  /** Who noticed: `route-withdrawal`, `health-check`, `passive-marking`, `zone-failover`; null if nobody (a link fault: nothing watches links). */
  detectedBy: string | null;
  /**
   * The start of the first whole second after which no connection broke because of the fault (its
   * start if none did); null if that is still to come or connections are still stuck on the failed element.
   */
  recoveredAtS: number | null;
  /** Affected connections that did not complete, by outcome (`in_flight`: not ended yet). */
  affected: Record<string, number>;
  /** Affected connections that completed normally (not counted in `affected`). */
  survived: number;
  /** Layer-7 requests that ended with a failure status (5xx, `none`) while the fault lasted. */
  requestsFailed: Record<string, number>;
  extraCost: number;
  extraCostRule: string;
  /** Up to 5 connection serials per outcome (`completed`: survivors). */
  examples: Record<string, number[]>;
}

export const EXTRA_COST_RULE =
  'not attributed: the bill meters traffic per instance and hour, not per connection, so retransmissions and error pages caused by a fault cannot be separated from the rest';

const EXAMPLES = 5;

/** A fault-starting action → the actions that clear it on the same target. */
const CLEARED_BY: Record<string, readonly string[]> = {
  recover: ['crash', 'upgrade'],
  'heal-sync': ['partition-sync'],
  'backend-up': ['backend-down', 'backend-slow', 'backend-refuse', 'backend-errors', 'backend-remove'],
  'tengine-recover': ['tengine-crash'],
  'keyserver-up': ['keyserver-down', 'keyserver-slow'],
  'link-heal': ['link-loss', 'link-latency', 'link-oneway'],
  'zone-up': ['zone-down'],
};

const LVS_BROKEN: readonly number[] = [Outcome.failover_handshake, Outcome.failover_unsynced, Outcome.synced_session_expired, Outcome.route_blackhole];
const SYNC_BROKEN: readonly number[] = [Outcome.failover_unsynced, Outcome.synced_session_expired];
const BACKEND_BROKEN: readonly number[] = [Outcome.backend_down, Outcome.backend_refused, Outcome.backend_removed, Outcome.drain_timeout, Outcome.no_response];
const BACKEND_ACTIONS: readonly string[] = ['backend-down', 'backend-slow', 'backend-refuse', 'backend-errors', 'backend-remove'];

interface FaultRecord {
  action: string;
  target: string | undefined;
  atS: number;
  atUs: number;
  endS: number | null;
  /** -1 until noticed. */
  detectedUs: number;
  detectedBy: string | null;
  /** When the last connection broke because of it; -1 if none yet. */
  lastBrokenUs: number;
  /** Layer-7 requests by status when the fault started / ended (diffed for requestsFailed). */
  statusAtStart: Float64Array;
  statusAtEnd: Float64Array | null;
  /** Ended affected connections by outcome code. */
  outcomes: Float64Array;
  examples: number[][];
  /** LVS node index, backend index or Tengine index the fault names (-1: none or not such a target). */
  lvs: number;
  backend: number;
  tengine: number;
  /** Link faults: the directed links (`from * nodes + to`) the fault acts on; empty otherwise. */
  links: number[];
  /** zone-down: the LVS node ids, Tengine node indices and backends standing in the zone; empty otherwise. */
  zoneLvs: number[];
  zoneTengine: number[];
  zoneBackends: number[];
}

const LINK_ACTIONS: readonly string[] = ['link-loss', 'link-latency', 'link-oneway'];

/** Whether a clearing action's target names the fault's: the same, or for a link `a->b` its reverse `b->a` (link-heal heals both directions). */
function sameTarget(fault: string | undefined, clearing: string | undefined): boolean {
  if (fault === clearing) return true;
  const ends = linkEnds(clearing);
  return ends !== undefined && fault === `${ends[1]}->${ends[0]}`;
}

/**
 * Records, for each fault applied to the run (`sim.faults.applied`), what it did: when it was
 * detected and by whom, which connections it affected and how they ended, and which layer-7
 * requests failed while it lasted. A pure observer: the layers call it (`sync` where a fault takes
 * effect, `detected…` where the system notices, `connectionEnded` when a client records an outcome);
 * it never changes the simulation, so the trace hash is the same with or without it.
 */
export class FailoverLog {
  private readonly records: FaultRecord[] = [];
  /** Entries of `sim.faults.applied` already turned into records or clearings. */
  private seen = 0;
  /** Connection serial → records (indices) that counted it as affected while it was open. */
  private readonly marked = new Map<number, number[]>();

  constructor(private readonly sim: Simulation) {}

  /** Takes in faults applied since the last call (called where a fault takes effect, before its effect). */
  sync(): void {
    const applied = this.sim.faults.applied;
    while (this.seen < applied.length) {
      const entry = applied[this.seen++]!;
      // A durationS clear names the entry it ends (`clears`); any other clearing action ends what it clears on its target.
      const clears = entry.clears !== undefined ? [applied[entry.clears]!.action] : CLEARED_BY[entry.action];
      if (clears !== undefined) {
        for (const record of this.records) {
          if (record.endS === null && sameTarget(record.target, entry.target) && clears.includes(record.action)) {
            record.endS = entry.atS;
            record.statusAtEnd = this.statusNow();
          }
        }
        continue;
      }
      this.start(entry.action, entry.target, entry.atS);
    }
  }

  private start(action: string, target: string | undefined, atS: number): void {
    const sim = this.sim;
    const record: FaultRecord = {
      action,
      target,
      atS,
      atUs: Math.round(atS * US_PER_S),
      endS: null,
      detectedUs: -1,
      detectedBy: null,
      lastBrokenUs: -1,
      statusAtStart: this.statusNow(),
      statusAtEnd: null,
      outcomes: new Float64Array(OUTCOMES.length),
      examples: OUTCOMES.map(() => []),
      lvs: Number(/^lvs-(\d+)$/.exec(target ?? '')?.[1] ?? 0) - 1,
      backend: sim.scenario.ecsInstances.findIndex((s) => s.ServerId === target),
      tengine: Number(/^tengine-(\d+)$/.exec(target ?? '')?.[1] ?? 0) - 1,
      links: LINK_ACTIONS.includes(action) ? this.linksOf(target, action !== 'link-oneway') : [],
      zoneLvs: [],
      zoneTengine: [],
      zoneBackends: [],
    };
    if (action === 'zone-down') {
      for (const node of sim.topology.nodes) {
        if (node.zone !== target) continue;
        if (node.kind === 'lvs') record.zoneLvs.push(node.id);
        if (node.kind === 'tengine') record.zoneTengine.push(node.index);
      }
      sim.scenario.ecsInstances.forEach((server, b) => server.ZoneId === target && record.zoneBackends.push(b));
    }
    const index = this.records.push(record) - 1;
    // Connections open (or opening) on the faulty element now.
    for (const serial of this.onElement(record)) this.mark(serial, index);
  }

  /** The directed links a link fault's `a->b` target names (both directions unless one-way). */
  private linksOf(target: string | undefined, bothWays: boolean): number[] {
    const nodes = this.sim.topology.nodes;
    const ends = linkEnds(target);
    const from = nodes.findIndex((n) => n.key === ends?.[0]);
    const to = nodes.findIndex((n) => n.key === ends?.[1]);
    if (from < 0 || to < 0) return [];
    return bothWays ? [from * nodes.length + to, to * nodes.length + from] : [from * nodes.length + to];
  }

  /**
   * A packet or upstream message of connection `conn` was lost on, or delayed by, a faulted link
   * `k` (from * nodes + to): the connection is affected by the link fault in force there.
   */
  linkHit(conn: number, k: number): void {
    this.sync();
    // After the client recorded its outcome (a late FIN or ACK lost), the connection is past affecting.
    if (this.sim.conns.phase[conn] === ClientPhase.Done) return;
    const serial = this.sim.conns.serial[conn] as number;
    this.records.forEach((record, index) => {
      if (record.endS === null && record.links.includes(k)) this.mark(serial, index);
    });
  }

  /** Serials of the connections not yet ended that are on the fault's element now (LVS node, backend, Tengine node). */
  private onElement(record: FaultRecord): number[] {
    const sim = this.sim;
    const c = sim.conns;
    const { action } = record;
    const lvsNode = action === 'crash' || action === 'upgrade' ? (sim.lvs.ids[record.lvs] ?? -2) : -2;
    const tengineServer = action === 'tengine-crash' && record.tengine >= 0 ? sim.real.ecs + record.tengine : -2;
    const backend = BACKEND_ACTIONS.includes(action) ? record.backend : -2;
    const serials: number[] = [];
    const zone = action === 'zone-down';
    if (lvsNode === -2 && tengineServer === -2 && backend < 0 && !zone) return serials;
    for (let conn = 0; conn < c.slots; conn++) {
      if (c.serial[conn] === 0 || c.phase[conn] === ClientPhase.Done) continue;
      const open = ((c.serverFlags[conn] as number) & ServerFlag.Open) !== 0;
      const on =
        c.lvsNode[conn] === lvsNode ||
        (tengineServer >= 0 && c.serverBackend[conn] === tengineServer && open) ||
        (backend >= 0 && (c.backend[conn] === backend || (c.serverBackend[conn] === backend && open))) ||
        (zone && this.inZone(record, conn, open));
      if (on) serials.push(c.serial[conn] as number);
    }
    return serials;
  }

  /** Whether a connection is on a part of a zone-down's zone: its LVS node, the Tengine node or the backend holding it. */
  private inZone(record: FaultRecord, conn: number, open: boolean): boolean {
    const c = this.sim.conns;
    const server = c.serverBackend[conn] as number;
    if (record.zoneLvs.includes(c.lvsNode[conn] as number) || record.zoneBackends.includes(c.backend[conn] as number)) return true;
    if (!open || server < 0) return false;
    return this.sim.real.isTengine(server) ? record.zoneTengine.includes(this.sim.real.tengineIndex(server)) : record.zoneBackends.includes(server);
  }

  private mark(serial: number, record: number): void {
    const list = this.marked.get(serial);
    if (list === undefined) this.marked.set(serial, [record]);
    else if (!list.includes(record)) list.push(record);
  }

  private statusNow(): Float64Array {
    return Float64Array.from(this.sim.tengine.metrics.byStatus);
  }

  /**
   * LVS node i's route was withdrawn: its crash (or its zone's outage) is detected now, and every
   * open connection whose flow the router now sends to another node than the last one is affected (it moved).
   */
  routeWithdrawn(i: number): void {
    this.sync();
    const target = `lvs-${i + 1}`;
    const id = this.sim.lvs.ids[i] as number;
    this.records.forEach((record, index) => {
      if (record.endS !== null) return;
      if (!(record.target === target && (record.action === 'crash' || record.action === 'upgrade')) && !record.zoneLvs.includes(id)) return;
      this.detect(record, 'route-withdrawal');
      this.markMoved(index);
    });
  }

  /**
   * The VIP moved to another zone's LVS nodes: a zone outage is detected now if nothing did before,
   * and the flows that moved are affected. Moving back after zone-up is the outage's doing too
   * (the standby zone's sessions were never synced to the primary), so the latest zone-down counts
   * the flows that fail back as well.
   */
  zoneMoved(_zone: number): void {
    this.sync();
    let latest = -1;
    this.records.forEach((record, index) => {
      if (record.action === 'zone-down') latest = index;
    });
    this.records.forEach((record, index) => {
      if (record.action !== 'zone-down' || (record.endS !== null && index !== latest)) return;
      this.detect(record, 'zone-failover');
      this.markMoved(index);
    });
  }

  /** Marks as affected by record `index` every open connection the router now sends to another node than the one that forwarded its latest packet. */
  private markMoved(index: number): void {
    const sim = this.sim;
    const c = sim.conns;
    for (let conn = 0; conn < c.slots; conn++) {
      if (c.serial[conn] === 0 || c.phase[conn] === ClientPhase.Done) continue;
      const last = c.lvsNode[conn] as number;
      if (last >= 0 && sim.lvs.nextHopOf(conn) !== last) this.mark(c.serial[conn] as number, index);
    }
  }

  /** Health checks marked real server `server` (an ECS index, or a Tengine node after them) unhealthy. */
  healthCheckFailed(server: number): void {
    this.detectedOn(server, 'health-check');
  }

  /** Tengine's passive failure marking took backend `server` out of a balancer. */
  passivelyMarked(server: number): void {
    this.detectedOn(server, 'passive-marking');
  }

  private detectedOn(server: number, by: string): void {
    this.sync();
    const tengine = this.sim.real.isTengine(server);
    for (const record of this.records) {
      if (record.endS !== null) continue;
      const index = tengine ? this.sim.real.tengineIndex(server) : -1;
      const mine = tengine ? (record.action === 'tengine-crash' && record.tengine === index) || record.zoneTengine.includes(index) : (BACKEND_ACTIONS.includes(record.action) && record.backend === server) || record.zoneBackends.includes(server);
      if (mine) this.detect(record, by);
    }
  }

  private detect(record: FaultRecord, by: string): void {
    if (record.detectedUs >= 0) return;
    record.detectedUs = this.sim.nowUs;
    record.detectedBy = by;
  }

  /** A client recorded its connection's outcome (Simulation.endConnection). */
  connectionEnded(conn: number, outcome: number): void {
    this.sync();
    if (this.records.length === 0) return;
    const c = this.sim.conns;
    const serial = c.serial[conn] as number;
    const marked = this.marked.get(serial);
    if (marked !== undefined) this.marked.delete(serial);
    const nowUs = this.sim.nowUs;
    this.records.forEach((record, index) => {
      if (!(marked?.includes(index) ?? false) && !this.brokeBy(record, conn, outcome, nowUs)) return;
      record.outcomes[outcome] = (record.outcomes[outcome] as number) + 1;
      const examples = record.examples[outcome]!;
      if (examples.length < EXAMPLES) examples.push(serial);
      if (outcome !== Outcome.completed) record.lastBrokenUs = nowUs;
    });
  }

  /** Whether an unmarked connection ending now with `outcome` broke because of the fault. */
  private brokeBy(record: FaultRecord, conn: number, outcome: number, nowUs: number): boolean {
    if (nowUs < record.atUs || (record.endS !== null && nowUs > Math.round(record.endS * US_PER_S))) return false;
    const c = this.sim.conns;
    switch (record.action) {
      case 'crash':
      case 'upgrade':
        return LVS_BROKEN.includes(outcome);
      case 'partition-sync':
        return SYNC_BROKEN.includes(outcome);
      case 'tengine-crash':
        return outcome === Outcome.tengine_failed && c.serverBackend[conn] === this.sim.real.ecs + record.tengine;
      case 'keyserver-down':
      case 'keyserver-slow':
        return outcome === Outcome.tls_handshake_failed;
      case 'zone-down':
        // Flows with nowhere to go while the VIP moves, moved flows, and what failed parts of the zone held.
        if (LVS_BROKEN.includes(outcome)) return true;
        if (outcome === Outcome.tengine_failed) return this.sim.real.isTengine(c.serverBackend[conn] as number) && record.zoneTengine.includes(this.sim.real.tengineIndex(c.serverBackend[conn] as number));
        return BACKEND_BROKEN.includes(outcome) && (record.zoneBackends.includes(c.backend[conn] as number) || record.zoneBackends.includes(c.serverBackend[conn] as number));
      default:
        if (!BACKEND_ACTIONS.includes(record.action)) return false;
        if (outcome === Outcome.no_healthy_backend) return true;
        return BACKEND_BROKEN.includes(outcome) && (c.backend[conn] === record.backend || c.serverBackend[conn] === record.backend);
    }
  }

  /** The per-fault reports, in the order the faults were applied. */
  report(): FailoverReport[] {
    this.sync();
    // Affected and not ended yet: counted when the fault hit or moved them, or on the faulty element now.
    const inFlight = this.records.map(() => new Set<number>());
    this.marked.forEach((records, serial) => records.forEach((r) => inFlight[r]!.add(serial)));
    const nowS = this.sim.nowUs / US_PER_S;
    const status = this.statusNow();
    return this.records.map((record, index) => {
      const stuck = record.endS === null ? this.onElement(record) : [];
      for (const serial of stuck) inFlight[index]!.add(serial);
      const affected: Record<string, number> = {};
      const examples: Record<string, number[]> = {};
      OUTCOMES.forEach((o, code) => {
        const count = record.outcomes[code] as number;
        if (count > 0 && code !== Outcome.completed) affected[o.reason] = count;
        if (record.examples[code]!.length > 0) examples[o.reason] = [...record.examples[code]!];
      });
      if (inFlight[index]!.size > 0) affected['in_flight' satisfies OutcomeReason] = inFlight[index]!.size;
      const requestsFailed: Record<string, number> = {};
      const end = record.statusAtEnd ?? status;
      for (let s = 0; s < end.length; s++) {
        if (s !== NO_RESPONSE && s < 500) continue;
        const count = (end[s] as number) - (record.statusAtStart[s] as number);
        if (count > 0) requestsFailed[s === NO_RESPONSE ? 'none' : String(s)] = count;
      }
      const recovered = record.lastBrokenUs < 0 ? record.atS : Math.floor(record.lastBrokenUs / US_PER_S) + 1;
      return {
        action: record.action,
        target: record.target,
        atS: record.atS,
        endS: record.endS,
        detectedAtS: record.detectedUs < 0 ? null : record.detectedUs / US_PER_S,
        detectedBy: record.detectedBy,
        // Not while connections are still stuck on the failed element.
        recoveredAtS: recovered <= nowS && stuck.length === 0 ? recovered : null,
        affected,
        survived: record.outcomes[Outcome.completed] as number,
        requestsFailed,
        extraCost: 0,
        extraCostRule: EXTRA_COST_RULE,
        examples,
      };
    });
  }
}
