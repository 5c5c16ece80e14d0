import type { NodeStates } from '../../worker/protocol';

/** Why a node flashes: connections it reset (RST), or a request or operation that failed at it. */
export type FlashKind = 'reset' | 'failure';

/**
 * The nodes where something went wrong between two frames, from the counters the frame carries:
 * an LVS node's resets (RSTs it sent) rising, a Key Server's refused operations rising, or any
 * node's last failure changing to a new one (backends and Tengine nodes carry no error counter,
 * only their latest failure). The first frame (no previous one) and a restart (counters fall)
 * flash nothing.
 */
export function flashes(previous: NodeStates | undefined, next: NodeStates | undefined): Map<number, FlashKind> {
  const out = new Map<number, FlashKind>();
  if (!previous || !next) return out;
  const failureChanged = (
    before: { lastFailure: string | undefined } | undefined,
    after: { nodeId: number; lastFailure: string | undefined },
  ) => {
    if (before && after.lastFailure && after.lastFailure !== before.lastFailure && !out.has(after.nodeId)) out.set(after.nodeId, 'failure');
  };
  const lvsBefore = new Map(previous.lvs.map((n) => [n.nodeId, n]));
  for (const lvs of next.lvs) {
    const before = lvsBefore.get(lvs.nodeId);
    if (before && lvs.resets > before.resets) out.set(lvs.nodeId, 'reset');
    failureChanged(before, lvs);
  }
  const ksBefore = new Map(previous.keyServers.map((n) => [n.nodeId, n]));
  for (const ks of next.keyServers) {
    const before = ksBefore.get(ks.nodeId);
    if (before && ks.errors > before.errors) out.set(ks.nodeId, 'failure');
    failureChanged(before, ks);
  }
  const backendsBefore = new Map(previous.backends.map((n) => [n.nodeId, n]));
  for (const b of next.backends) failureChanged(backendsBefore.get(b.nodeId), b);
  const tengineBefore = new Map(previous.tengine.map((n) => [n.nodeId, n]));
  for (const t of next.tengine) failureChanged(tengineBefore.get(t.nodeId), t);
  return out;
}
