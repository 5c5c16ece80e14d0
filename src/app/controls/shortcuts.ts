/** Keyboard shortcuts, listed in the help overlay (press ?). */
export const SHORTCUTS: { keys: string; action: string }[] = [
  { keys: 'Space', action: 'Play / pause' },
  { keys: 'S or →', action: 'Step one event' },
  { keys: 'N', action: 'Step to the next packet of the selected connection' },
  { keys: '+ / −', action: 'Faster / slower (logarithmic, 0.1× to 10,000×)' },
  { keys: '[ / ]', action: 'Seek back / forward 1 s of simulated time' },
  { keys: 'Home', action: 'Seek to the start' },
  { keys: 'A', action: 'Animation on / off' },
  { keys: 'Ctrl+Z / Ctrl+Shift+Z', action: 'Undo / redo the latest configuration change (⌘ on a Mac; Ctrl+Y redoes too)' },
  { keys: '1 … 6', action: 'Side panel: cost, inspector, journey, events, charts, failover' },
  { keys: 'D', action: 'Debug overlay: worker memory against its budget, frame and event rates' },
  { keys: 'Esc', action: 'Clear the selection / close this help and the debug overlay' },
  { keys: '?', action: 'Show this help' },
];

/**
 * Keys of the LVS connection table while it has focus. The grid is one tab stop, so its sort
 * buttons take no focus of their own: the digit keys sort instead (the app's 1 … 6 tab keys do
 * not apply there).
 */
export const GRID_SHORTCUTS: { keys: string; action: string }[] = [
  { keys: '↑ / ↓', action: 'Move the active row (PgUp / PgDn: a page, Home / End: the ends)' },
  { keys: 'Enter', action: "Open the active row's journey" },
  { keys: '1 … 6', action: 'Sort by that column: conn, client, state, timer, backend, sync (again to reverse)' },
];

/** Keys on a focused topology node. */
export const NODE_SHORTCUTS: { keys: string; action: string }[] = [
  { keys: 'Tab', action: 'Move between nodes (a focused node has a yellow outline)' },
  { keys: 'Enter', action: 'Inspect the node; on a group (“LVS × 32”), expand or collapse it' },
  { keys: 'Shift+F10', action: 'The node’s fault menu (also the context-menu key, or a right-click)' },
];

/** Speeds on the slider: logarithmic steps from 0.1× to 10,000×. */
export const SPEEDS = [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000];

export function formatSpeed(speed: number): string {
  return `${speed.toLocaleString('en-US')}×`;
}
