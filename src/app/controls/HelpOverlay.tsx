import { useEffect, useRef } from 'react';
import { useSimStore } from '../store';
import { SHORTCUTS } from './shortcuts';

/** The keyboard shortcut list (press ?). */
export function HelpOverlay() {
  const open = useSimStore((s) => s.helpOpen);
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) closeRef.current?.focus();
  }, [open]);
  if (!open) return null;
  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-black/60" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts">
      <div className="w-[420px] rounded-lg border border-slate-700 bg-slate-900 p-4 text-sm">
        <h2 className="mb-2 font-semibold">Keyboard shortcuts</h2>
        <table className="w-full">
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.keys}>
                <td className="py-0.5 pr-3 font-mono text-amber-300">{s.keys}</td>
                <td>{s.action}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button ref={closeRef} type="button" className="mt-3 rounded bg-slate-700 px-3 py-1 hover:bg-slate-600" onClick={() => useSimStore.setState({ helpOpen: false })}>
          Close
        </button>
      </div>
    </div>
  );
}
