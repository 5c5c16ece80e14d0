import { useSyncExternalStore } from 'react';

/**
 * The first load in two phases. The first chunk holds what the first topology frame needs (React,
 * React Flow, the topology, the run controls); everything else (side panels, charts, the console,
 * the gallery, the API's Service Worker) waits for the "later" phase. It opens once the topology
 * has been painted and the first dots too, or DOTS_GRACE_MS after the topology when no dots come
 * (a paused run), or once the start has settled without a topology (a scenario that failed to
 * load), so nothing waits forever. Loading it earlier would compete with the first dots for the
 * main thread. The performance marks below are what the UI bench reads, each set once.
 */
export const FIRST_TOPOLOGY_FRAME = 'slb:first-topology-frame';
export const FIRST_DOTS_FRAME = 'slb:first-dots-frame';

/** With the topology painted, how long the later phase waits at most for the first dots. */
const DOTS_GRACE_MS = 500;

let topologyMarked = false;
let dotsMarked = false;
let topologyPainted = false;
let dotsPainted = false;
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

function openWhenBothPainted(): void {
  if (topologyPainted && dotsPainted) startLaterPhase();
}

/**
 * The topology has rendered its nodes: once that frame is painted (the task after its animation
 * frame), mark it. Cheap after the first call.
 */
export function markTopologyPainted(): void {
  if (topologyMarked) return;
  topologyMarked = true;
  requestAnimationFrame(() =>
    setTimeout(() => {
      performance.mark(FIRST_TOPOLOGY_FRAME);
      topologyPainted = true;
      openWhenBothPainted();
      setTimeout(startLaterPhase, DOTS_GRACE_MS);
    }, 0),
  );
}

/** The traffic overlay drew its first dot in this animation frame: mark it once the frame is painted. */
export function markDotsPainted(): void {
  if (dotsMarked) return;
  dotsMarked = true;
  setTimeout(() => {
    performance.mark(FIRST_DOTS_FRAME);
    dotsPainted = true;
    openWhenBothPainted();
  }, 0);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** True once the later phase is open: deferred panels render from then on. */
export function useLaterPhase(): boolean {
  return useSyncExternalStore(subscribe, () => later);
}
