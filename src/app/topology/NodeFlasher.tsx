import { useEffect } from 'react';
import type { FrameSummary } from '../../worker/protocol';
import { useSimStore } from '../store';
import { flashes, type FlashKind } from './flash';

const FLASH_MS = 700;
const COLOUR: Record<FlashKind, string> = { reset: '#f87171', failure: '#fb923c' };

/** Flashes one node's box: a glow that fades, or (reduced motion) a steady ring for the same time. */
function flash(nodeId: number, kind: FlashKind, reduced: boolean): void {
  const wrapper = document.querySelector<HTMLElement>(`.react-flow__node[data-id="${nodeId}"]`);
  const box = wrapper?.firstElementChild as HTMLElement | null | undefined;
  if (!wrapper || !box) return;
  wrapper.dataset['flash'] = kind;
  window.setTimeout(() => {
    if (wrapper.dataset['flash'] === kind) delete wrapper.dataset['flash'];
  }, FLASH_MS);
  const glow = `0 0 0 3px ${COLOUR[kind]}, 0 0 14px 4px ${COLOUR[kind]}`;
  if (reduced) {
    box.style.boxShadow = `0 0 0 2px ${COLOUR[kind]}`;
    window.setTimeout(() => (box.style.boxShadow = ''), FLASH_MS);
    return;
  }
  box.animate([{ boxShadow: glow }, { boxShadow: '0 0 0 0 transparent' }], { duration: FLASH_MS, easing: 'ease-out' });
}

/**
 * Resets and failures flash where they happen: on each new frame, the nodes whose counters rose
 * (see `flashes`) get a short glow. It reads the store outside React and touches the DOM
 * directly, like the traffic overlay, so frames cause no re-render. A seek back flashes nothing.
 */
export function NodeFlasher() {
  useEffect(() => {
    const motion = window.matchMedia?.('(prefers-reduced-motion: reduce)');
    let previous: FrameSummary | undefined = useSimStore.getState().frame;
    return useSimStore.subscribe((state) => {
      const frame = state.frame;
      if (!frame || frame === previous) return;
      const before = previous;
      previous = frame;
      if (!before || frame.simTimeUs <= before.simTimeUs) return;
      for (const [nodeId, kind] of flashes(before.nodes, frame.nodes)) flash(nodeId, kind, motion?.matches ?? false);
    });
  }, []);
  return null;
}
