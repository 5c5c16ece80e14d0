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

/** Speeds on the slider: logarithmic steps from 0.1× to 10,000×. */
export const SPEEDS = [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000];

export function formatSpeed(speed: number): string {
  return `${speed.toLocaleString('en-US')}×`;
}
