import { useEffect, useRef } from 'react';
import { useSimStore } from '../store';
import { GRID_SHORTCUTS, NODE_SHORTCUTS, SHORTCUTS } from './shortcuts';

/** One group of keys: where they apply, then key → action rows. */
function ShortcutTable({ caption, keys }: { caption: string; keys: readonly { keys: string; action: string }[] }) {
  return (
    <table className="mb-2 w-full">
      <caption className="pb-0.5 text-left text-xs font-semibold text-slate-300">{caption}</caption>
      <tbody>
        {keys.map((s) => (
          <tr key={s.keys}>
            <td className="py-0.5 pr-3 align-top font-mono whitespace-nowrap text-amber-300">{s.keys}</td>
            <td>{s.action}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The keyboard shortcut list (press ?): the app's keys, then the keys of the topology and of the connection table. */
export function HelpOverlay() {
  const open = useSimStore((s) => s.helpOpen);
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) closeRef.current?.focus();
  }, [open]);
  if (!open) return null;
  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-black/60" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts">
      <div className="max-h-[90vh] w-[480px] overflow-y-auto rounded-lg border border-slate-700 bg-slate-900 p-4 text-sm">
        <h2 className="mb-2 font-semibold">Keyboard shortcuts</h2>
        <ShortcutTable caption="Anywhere (not while typing in a field)" keys={SHORTCUTS} />
        <ShortcutTable caption="On a focused topology node" keys={NODE_SHORTCUTS} />
        <ShortcutTable caption="In an LVS connection table (one tab stop; Tab to it)" keys={GRID_SHORTCUTS} />
        <button ref={closeRef} type="button" className="mt-1 rounded bg-slate-700 px-3 py-1 hover:bg-slate-600" onClick={() => useSimStore.setState({ helpOpen: false })}>
          Close
        </button>
      </div>
    </div>
  );
}
