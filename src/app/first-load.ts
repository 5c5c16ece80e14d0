import { useSyncExternalStore } from 'react';

/**
 * The first load in two phases. The first chunk holds what the first topology frame needs (React,
 * React Flow, the topology, the run controls); everything else (side panels, charts, the console,
 * the gallery, the API's Service Worker) waits for the "later" phase, which opens once the topology
 * has been painted, or once the start has settled without one (a scenario that failed to load), so
 * nothing waits forever. The performance marks below are what the UI bench reads, each set once.
 */
export const FIRST_TOPOLOGY_FRAME = 'slb:first-topology-frame';
export const FIRST_DOTS_FRAME = 'slb:first-dots-frame';

let topologyMarked = false;
let dotsMarked = false;
let later = false;
const listeners = new Set<() => void>();
let openLater: () => void = () => undefined;

/** Resolves when the later phase opens. */
export const laterPhase = new Promise<void>((resolve) => {
  openLater = resolve;
});

/** Opens the later phase (idempotent): deferred chunks may load now. */
export function startLaterPhase(): void {
  if (later) return;
  later = true;
  openLater();
  for (const listener of listeners) listener();
}

/**
 * The topology has rendered its nodes: once that frame is painted (the task after its animation
 * frame), mark it and open the later phase. Cheap after the first call.
 */
export function markTopologyPainted(): void {
  if (topologyMarked) return;
  topologyMarked = true;
  requestAnimationFrame(() =>
    setTimeout(() => {
      performance.mark(FIRST_TOPOLOGY_FRAME);
      startLaterPhase();
    }, 0),
  );
}

/** The traffic overlay drew its first dot in this animation frame: mark it once the frame is painted. */
export function markDotsPainted(): void {
  if (dotsMarked) return;
  dotsMarked = true;
  setTimeout(() => performance.mark(FIRST_DOTS_FRAME), 0);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** True once the later phase is open: deferred panels render from then on. */
export function useLaterPhase(): boolean {
  return useSyncExternalStore(subscribe, () => later);
}
