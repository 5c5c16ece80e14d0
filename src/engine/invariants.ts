import { SessionFlag } from './lvs/session-table';
import { ConnState, isActive } from './lvs/tcp-states';
import { Outcome, OUTCOMES } from './metrics/outcomes';
import type { Simulation } from './simulation';
import { ClientPhase, ServerFlag } from './traffic/connection-table';

/**
 * Checks that the books balance: every opened connection is in exactly one outcome or still in
 * flight; no counter is negative; the node tables hold exactly as many sessions as their active
 * and inactive counts say. Costs a scan of every table, so tests call it, the hot path never does.
 */
export function checkInvariants(sim: Simulation): string[] {
  const violations: string[] = [];
  const c = sim.conns;
  const lvs = sim.lvs;
  const nodes = lvs.sessions.nodes;
  let inFlight = 0;
  let live = 0;
  const active = new Float64Array(nodes);
  const inactive = new Float64Array(nodes);
  const synced = new Float64Array(nodes);
  const origins = { count: 0 };
  const serverOpen = new Float64Array(sim.scenario.ecsInstances.length);
  for (let conn = 0; conn < c.slots; conn++) {
    if (c.serial[conn] === 0) {
      if (lvs.timers.timeOf(conn) !== Infinity) violations.push(`free slot ${conn} still has a session timer`);
      continue;
    }
    live++;
    if (c.phase[conn] !== ClientPhase.Done) inFlight++;
    if (((c.serverFlags[conn] as number) & ServerFlag.Open) !== 0 && (c.serverBackend[conn] as number) < serverOpen.length) serverOpen[c.serverBackend[conn] as number] = (serverOpen[c.serverBackend[conn] as number] as number) + 1;
    let sessions = 0;
    let earliestExpiry = Infinity;
    for (let i = 0; i < nodes; i++) {
      const index = lvs.sessions.at(conn, i);
      const state = lvs.sessions.state[index] as number;
      if (state === ConnState.None) continue;
      sessions++;
      earliestExpiry = Math.min(earliestExpiry, lvs.sessions.expiryOf(index, sim.nowUs));
      if (isActive(state)) active[i] = (active[i] as number) + 1;
      else inactive[i] = (inactive[i] as number) + 1;
      if (((lvs.sessions.flags[index] as number) & SessionFlag.Origin) !== 0) origins.count++;
      if (((lvs.sessions.flags[index] as number) & SessionFlag.Synced) !== 0) synced[i] = (synced[i] as number) + 1;
    }
    if (sessions !== c.sessions[conn]) violations.push(`connection #${c.serial[conn]}: ${c.sessions[conn]} sessions counted, ${sessions} in the tables`);
    if (c.phase[conn] === ClientPhase.Done && sessions === 0) violations.push(`connection #${c.serial[conn]} is finished but its slot was not freed`);
    // Sessions must never outlive their time: the connection's timer fires no later than the earliest.
    if (earliestExpiry < sim.nowUs) violations.push(`connection #${c.serial[conn]} holds a session that expired at ${earliestExpiry} µs`);
    if (lvs.timers.timeOf(conn) > earliestExpiry) violations.push(`connection #${c.serial[conn]}: session timer at ${lvs.timers.timeOf(conn)} µs, after its earliest expiry ${earliestExpiry} µs`);
  }
  const ended = OUTCOMES.reduce((sum, _, code) => sum + (sim.outcomeCounts[code] as number), 0);
  if (c.opened !== ended + inFlight) violations.push(`opened ${c.opened} ≠ ended ${ended} + in flight ${inFlight}`);
  if (live !== c.live) violations.push(`${c.live} live connections counted, ${live} in the table`);
  if ((sim.outcomeCounts[0] as number) !== 0) violations.push('a connection ended with outcome in_flight');
  for (let i = 0; i < nodes; i++) {
    if (lvs.activeOn(i) !== active[i]) violations.push(`LVS-${i + 1}: active count ${lvs.activeOn(i)} ≠ ${active[i]} ESTABLISHED entries`);
    if (lvs.inactiveOn(i) !== inactive[i]) violations.push(`LVS-${i + 1}: inactive count ${lvs.inactiveOn(i)} ≠ ${inactive[i]} other entries`);
    if (lvs.syncedHeld[i] !== synced[i]) violations.push(`LVS-${i + 1}: ${lvs.syncedHeld[i]} synced sessions counted, ${synced[i]} in the table`);
  }
  serverOpen.forEach((open, b) => {
    if (sim.servers.open[b] !== open) violations.push(`${sim.scenario.ecsInstances[b]!.ServerId}: open count ${sim.servers.open[b]} ≠ ${open} connections holding it open`);
  });
  if (lvs.concurrent !== origins.count) violations.push(`instance concurrency ${lvs.concurrent} ≠ ${origins.count} origin sessions`);
  const negatives: [string, ArrayLike<number>][] = [
    ['ports in use', lvs.portsInUse],
    ['backend open connections', sim.servers.open],
    ['outcome counts', sim.outcomeCounts],
    ['ACL denied connections', lvs.acl.deniedConnections],
  ];
  for (const [name, values] of negatives) {
    for (let k = 0; k < values.length; k++) if ((values[k] as number) < 0) violations.push(`${name}[${k}] is negative (${values[k]})`);
  }
  if (sim.packets.inFlight < 0) violations.push('packets in flight is negative');
  // A connection ends acl_denied only after the ACL dropped one of its packets, and each denied connection had at least one packet dropped.
  const deniedConnections = lvs.acl.deniedConnections.reduce((a, b) => a + b, 0);
  const deniedPackets = lvs.acl.deniedPackets.reduce((a, b) => a + b, 0);
  if ((sim.outcomeCounts[Outcome.acl_denied] as number) > deniedConnections) violations.push(`${sim.outcomeCounts[Outcome.acl_denied]} connections ended acl_denied, but only ${deniedConnections} had a packet denied`);
  if (deniedPackets < deniedConnections) violations.push(`ACL: ${deniedPackets} packets denied < ${deniedConnections} connections denied`);
  // Every HTTP request sent ends with exactly one status, or is still in flight.
  const l7 = sim.tengine.metrics;
  if (l7.sent !== l7.ended() + sim.tengine.reqs.live) violations.push(`requests: sent ${l7.sent} ≠ ended ${l7.ended()} + in flight ${sim.tengine.reqs.live}`);
  if (l7.completed !== l7.ended() - (l7.byStatus[0] as number)) violations.push(`requests: ${l7.completed} completed ≠ ${l7.ended() - (l7.byStatus[0] as number)} with an HTTP status`);
  sim.tengine.clientConnections.forEach((open, t) => {
    if (open < 0) violations.push(`Tengine-${t + 1}: ${open} client connections`);
  });
  sim.tengine.upstreamOpen.forEach((open, k) => {
    if (open < (sim.tengine.upstreamIdle[k] as number)) violations.push(`upstream pool ${k}: ${open} open < ${sim.tengine.upstreamIdle[k]} idle`);
  });
  return violations;
}
