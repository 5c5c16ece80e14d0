import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * A modal dialog on the native <dialog>: the browser traps focus, Escape closes it, and focus
 * returns to what opened it. `onClose` runs however it closes.
 */
export function Modal({ title, onClose, children, wide = false, testId }: { title: string; onClose: () => void; children: ReactNode; wide?: boolean; testId?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      aria-labelledby={headingId}
      data-testid={testId}
      onClose={onClose}
      className={`${wide ? 'w-[min(900px,95vw)]' : 'w-[min(560px,95vw)]'} rounded-lg border border-slate-700 bg-slate-900 p-0 text-sm text-slate-100 backdrop:bg-black/60`}
    >
      <div className="flex items-center border-b border-slate-800 px-4 py-2">
        <h2 id={headingId} className="mr-auto font-semibold">
          {title}
        </h2>
        <button type="button" className="rounded px-2 py-0.5 text-slate-300 hover:bg-slate-800" onClick={() => ref.current?.close()} aria-label="Close">
          ✕
        </button>
      </div>
      <div className="flex flex-col gap-3 p-4">{children}</div>
    </dialog>
  );
}

export const BUTTON = 'rounded border border-slate-600 px-2 py-0.5 text-slate-100 hover:bg-slate-800 disabled:opacity-50';
export const PRIMARY = 'rounded bg-sky-700 px-2 py-0.5 text-white hover:bg-sky-600 disabled:opacity-50';

/** The interop format chooser of the export and import dialogs. */
export function FormatSelect({ formats, value, onChange }: { formats: readonly string[]; value: string; onChange: (format: string) => void }) {
  return (
    <>
      <span className="text-slate-300">Format</span>
      <select className="rounded bg-slate-800 px-1 py-0.5" value={value} onChange={(e) => onChange(e.target.value)}>
        {formats.map((f) => (
          <option key={f} value={f}>
            {f}
          </option>
        ))}
      </select>
    </>
  );
}
