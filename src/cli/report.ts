import type { Bill } from '../engine/billing/bill';
import type { SimulationReport } from '../engine/report';

/** The human-readable form of a run report. */
export function formatReport(report: SimulationReport): string {
  const lines = [
    ...runLines(report),
    `events          ${report.events} (${report.eventsPerWallSecond.toLocaleString('en-US')} per wall second)`,
    ...connectionLines(report.connections),
    'LVS nodes       id      state  flows  active  inactive  sync records sent/recv/lost  messages sent/lost  resets  drops',
    ...report.lvs.map(
      (n) =>
        `                ${n.id.padEnd(7)} ${n.state.padEnd(6)} ${String(n.flows).padStart(5)}  ${String(n.active).padStart(6)}  ${String(n.inactive).padStart(8)}  ${`${n.syncSent}/${n.syncReceived}/${n.syncLost}`.padStart(27)}  ${`${n.syncMessagesSent}/${n.syncMessagesLost}`.padStart(18)}  ${String(n.resets).padStart(6)}  ${String(n.drops).padStart(5)}`,
    ),
    'backends        id          connections  open  bytes in / out          health',
    ...report.backends.map(
      (b) =>
        `                ${b.id.padEnd(11)} ${String(b.connections).padStart(11)}  ${String(b.open).padStart(4)}  ${`${b.bytesIn} / ${b.bytesOut}`.padEnd(22)}  ${Object.entries(b.health)
          .map(([port, h]) => `:${port} ${h}`)
          .join(' ')} (${b.condition})`,
    ),
    ...report.instances.map((instance) => `instance        ${instance.LoadBalancerId} ${instance.spec}: peak ${instance.peakConnections} connections, InstanceDropConnection ${instance.InstanceDropConnection} connections (${instance.droppedSyns} SYNs)`),
    `port exhaustion ${report.portExhausted}`,
    ...report.accessControl.map(
      (a) =>
        `access control  ${a.listener} ${a.AclStatus === 'on' ? `${a.AclType} list ${a.AclId}` : 'off'}: denied ${a.deniedConnections} connections (${a.deniedPackets} SYNs or datagrams dropped)`,
    ),
    egressLine(report.egress),
    ...formatLayer7(report),
    ...formatFaults(report).map((line, i) => `${i === 0 ? 'faults'.padEnd(16) : ' '.repeat(16)}${line}`),
    ...formatBandwidth(report),
    ...formatBill(report.billing),
    `invariants      ${report.invariants.ok ? 'ok' : `VIOLATED: ${report.invariants.violations.join('; ')}`}`,
    `trace hash      ${report.traceHash}`,
  ];
  return lines.join('\n');
}

/** Scenario, seed and simulated time: the first lines of a packet report and of a flow estimate. */
export function runLines(report: Pick<SimulationReport, 'scenario' | 'seed' | 'simulatedSeconds' | 'wallSeconds'>): string[] {
  return [`scenario        ${report.scenario} (seed ${report.seed})`, `simulated       ${report.simulatedSeconds} s in ${report.wallSeconds.toFixed(3)} s wall`];
}

/** Connections by category, then by outcome. */
export function connectionLines(c: SimulationReport['connections']): string[] {
  const outcomes = Object.entries(c.byOutcome)
    .map(([reason, count]) => `${reason} ${count}`)
    .join(', ');
  return [
    `connections     opened ${c.opened}, established ${c.established}, completed ${c.completed}, reset ${c.reset}, refused ${c.refused}, dropped ${c.dropped}, timed out ${c.timedOut}, in flight ${c.inFlight}`,
    `outcomes        ${outcomes || '(none yet)'}`,
  ];
}

export function egressLine(egress: SimulationReport['egress']): string {
  const byPath = Object.entries(egress.byPath)
    .map(([path, n]) => `${path} ${n}`)
    .join(', ');
  return `egress calls    ${egress.calls} (completed ${egress.completed}, no_route ${egress.noRoute}; by path ${byPath})`;
}

/** The failover report: per fault, when it started, was detected, ended and recovered, and what broke. */
export function formatFaults(report: Pick<SimulationReport, 'faults'>): string[] {
  const s = (v: number | null): string => (v === null ? '-' : `${Number(v.toFixed(3))} s`);
  const pairs = (record: Record<string, number>): string =>
    Object.entries(record)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ') || 'none';
  return report.faults.flatMap((f) => [
    `${f.action}${f.target === undefined ? '' : ` ${f.target}`} at ${s(f.atS)}, ended ${s(f.endS)}, detected ${s(f.detectedAtS)}${f.detectedBy ? ` (${f.detectedBy})` : ''}, recovered ${s(f.recoveredAtS)}`,
    `  survived ${f.survived}; broken ${pairs(f.affected)}; requests failed ${pairs(f.requestsFailed)}`,
  ]);
}

/** Requests, handshakes, the Key Server and the Tengine nodes; nothing for a layer-4 run. */
function formatLayer7(report: SimulationReport): string[] {
  if (report.tengine.length === 0) return [];
  const pairs = (record: Record<string, number>): string =>
    Object.entries(record)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ') || 'none';
  const { requests: r, tls, keyServer: ks } = report;
  return [
    `requests        sent ${r.sent}, completed ${r.completed}, in flight ${r.inFlight}; by status ${pairs(r.byStatus)}; latency p50/p95/p99 ${r.latencyMs.p50}/${r.latencyMs.p95}/${r.latencyMs.p99} ms`,
    `                by rule ${pairs(r.byRule)}`,
    `tls             full ${tls.fullHandshakes}, resumed ${tls.resumedHandshakes}, failed ${pairs(tls.failedHandshakes)}`,
    `key server      requests ${ks.requests}, errors ${ks.errors}, latency p50/p95/p99 ${ks.latencyMs.p50}/${ks.latencyMs.p95}/${ks.latencyMs.p99} ms`,
    'tengine         id          state  requests  connections  upstream  marked down',
    ...report.tengine.map(
      (t) => `                ${t.id.padEnd(11)} ${t.state.padEnd(5)}  ${String(t.requests).padStart(8)}  ${String(t.connections).padStart(11)}  ${String(t.upstreamConnections).padStart(8)}  ${String(t.markedDown).padStart(11)}`,
    ),
  ];
}

/** Listeners a bandwidth limiter shapes (own cap or a paybybandwidth pool); nothing when none is. */
function formatBandwidth(report: SimulationReport): string[] {
  const shaped = report.bandwidth.listeners.filter((l) => l.shapedBy !== 'none');
  if (shaped.length === 0) return [];
  const pools = Object.entries(report.bandwidth.sharedMbps);
  const pool = pools.length === 0 ? '' : `, shared pool ${pools.map(([id, mbps]) => (pools.length > 1 ? `${id} ${mbps}` : `${mbps}`)).join(', ')} Mbit/s`;
  return [
    `bandwidth caps  queue ${report.bandwidth.queueMs} ms, burst ${report.bandwidth.burstMs} ms${pool}`,
    '                listener  by        Mbit/s  dir  bytes passed  delayed  dropped  resent  max queue ms',
    ...shaped.flatMap((l) =>
      (['in', 'out'] as const).map((dir) => {
        const d = l[dir];
        return `                ${`:${l.ListenerPort}`.padEnd(8)}  ${l.shapedBy.padEnd(8)}  ${String(l.capMbps).padStart(6)}  ${dir.padEnd(3)}  ${String(d.bytes).padStart(12)}  ${String(d.packetsDelayed).padStart(7)}  ${String(d.packetsDropped).padStart(7)}  ${String(d.packetsRetransmitted).padStart(6)}  ${d.maxQueueDelayMs.toFixed(3).padStart(12)}`;
      }),
    ),
  ];
}

/** The bill: bytes by path, the clock hours' peaks and billed spec, the line items. */
export function formatBill(bill: Bill): string[] {
  const money = (n: number) => `$${n.toFixed(6)}`;
  const bytes = Object.entries(bill.bytes)
    .map(([path, n]) => `${path} ${n}`)
    .join(', ');
  const inOut = (byId: Record<string, { out: number; in: number }>) => Object.entries(byId).map(([id, b]) => `${id} out ${b.out} in ${b.in}`);
  const perResource = [...inOut(bill.bytesByEip), ...inOut(bill.bytesByNatGateway)];
  return [
    `bytes by path   ${bytes}`,
    ...(perResource.length > 0 ? [`bytes by IP     ${perResource.join(', ')}`] : []),
    'clock hours     start (UTC+8)        peak conns  peak CPS  peak QPS  NAT sess/s  NAT sess  NAT bytes in / out     billed spec',
    ...bill.hourly.map(
      (h) =>
        `                ${h.hourStart.padEnd(20)} ${String(h.peakConnections).padStart(10)}  ${String(h.peakCps).padStart(8)}  ${String(h.peakQps).padStart(8)}  ${String(h.natPeakSessionsPerSecond).padStart(10)}  ${String(h.natPeakSessions).padStart(8)}  ${`${h.natInboundBytes} / ${h.natOutboundBytes}`.padEnd(21)}  ${h.billedSpec}`,
    ),
    `bill            ${bill.region}, ${bill.hours} clock hour(s), ${bill.currency}`,
    ...bill.lineItems.map(
      (item) =>
        `                ${item.item.padEnd(28)} ${item.resource.slice(0, 34).padEnd(34)} ${item.quantity.toPrecision(6).padStart(12)} ${item.unit.padEnd(6)} × ${item.unitPrice.toString().padEnd(7)} = ${money(item.amount)}`,
    ),
    `total           ${money(bill.total)}   projected month ${money(bill.projectedMonthly)} (${bill.projection})`,
  ];
}
