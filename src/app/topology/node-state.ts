import type { FrameSummary } from '../../worker/protocol';

const count = (n: number): string => n.toLocaleString('en-US');

/** Pieces of a counters line: joined by " · " and wrapped only between pieces. */
export const COUNTER_SEPARATOR = ' · ';

/**
 * A one-line live summary and a state word for a node, from the latest frame, as one string
 * (`state|counters|failure`, counters joined by " · ") so the store selector returns a value React
 * can compare cheaply.
 */
export function liveState(frame: FrameSummary | undefined, id: number): string {
  if (!frame) return '';
  const lvs = frame.nodes.lvs.find((n) => n.nodeId === id);
  if (lvs) {
    const state = !lvs.up ? 'down' : lvs.announced ? 'up' : 'withdrawn';
    return `${state}|active ${count(lvs.active)} · inactive ${count(lvs.inactive)} · synced held ${count(lvs.syncedHeld)}|${lvs.lastFailure ?? ''}`;
  }
  const ecs = frame.nodes.backends.find((n) => n.nodeId === id);
  if (ecs) {
    const state =
      ecs.condition === 'removed' ? 'removed' : ecs.condition === 'down' ? 'down' : ecs.health === 'abnormal' ? 'unhealthy' : ecs.weight === 0 ? 'quiesced' : ecs.condition === 'healthy' ? 'up' : ecs.condition;
    // Layer 7: Tengine's pooled upstream connections are what a backend holds open.
    const open = ecs.upstreamOpen === 0 ? `open ${ecs.open}` : ecs.open === 0 ? `upstream ${ecs.upstreamOpen}` : `open ${ecs.open} + ${ecs.upstreamOpen} upstream`;
    return `${state}|${open} · ${ecs.requestsPerSecond.toFixed(0)} req/s · w ${ecs.weight}|${ecs.lastFailure ?? ''}`;
  }
  const tengine = frame.nodes.tengine.find((n) => n.nodeId === id);
  if (tengine) {
    const marked = tengine.markedDown > 0 ? ` · ${tengine.markedDown} marked down` : '';
    return `${tengine.up ? 'up' : 'down'}|req ${count(tengine.requests)} · conns ${count(tengine.clientConnections)} · upstream ${count(tengine.upstreamConnections)}${marked}|${tengine.lastFailure ?? ''}`;
  }
  const ks = frame.nodes.keyServers.find((n) => n.nodeId === id);
  if (ks) {
    const state = !ks.up ? 'down' : ks.slow ? 'slow' : 'up';
    return `${state}|ops ${count(ks.requests)} · errors ${count(ks.errors)} · busy ${ks.busy}|${ks.lastFailure ?? ''}`;
  }
  return '';
}

/**
 * A collapsed group's aggregate, as one string (`states|counters`): how many members are in each
 * state ("30 up · 2 down", most common first) and the summed counters of its kind.
 */
export function groupState(frame: FrameSummary | undefined, members: readonly number[]): string {
  if (!frame) return '';
  const ids = new Set(members);
  const states = new Map<string, number>();
  for (const id of members) {
    const state = liveState(frame, id).split('|')[0];
    if (state) states.set(state, (states.get(state) ?? 0) + 1);
  }
  const stateText = [...states.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([state, n]) => `${n} ${state}`)
    .join(' · ');
  const sum = <T>(list: readonly (T & { nodeId: number })[], field: (item: T) => number): number => list.filter((n) => ids.has(n.nodeId)).reduce((s, n) => s + field(n), 0);
  const lvs = frame.nodes.lvs.filter((n) => ids.has(n.nodeId));
  if (lvs.length > 0) return `${stateText}|active ${count(sum(lvs, (n) => n.active))} · inactive ${count(sum(lvs, (n) => n.inactive))}`;
  const ecs = frame.nodes.backends.filter((n) => ids.has(n.nodeId));
  if (ecs.length > 0) return `${stateText}|open ${count(sum(ecs, (n) => n.open + n.upstreamOpen))} · ${count(Math.round(sum(ecs, (n) => n.requestsPerSecond)))} req/s`;
  const tengine = frame.nodes.tengine.filter((n) => ids.has(n.nodeId));
  if (tengine.length > 0) return `${stateText}|req ${count(sum(tengine, (n) => n.requests))} · conns ${count(sum(tengine, (n) => n.clientConnections))}`;
  const ks = frame.nodes.keyServers.filter((n) => ids.has(n.nodeId));
  if (ks.length > 0) return `${stateText}|ops ${count(sum(ks, (n) => n.requests))} · errors ${count(sum(ks, (n) => n.errors))}`;
  return `${stateText}|`;
}
