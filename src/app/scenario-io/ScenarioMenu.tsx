import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { parseJsonText } from './files';
import type { ImportSource } from './ImportDialog';
import { openRun, undoOpen } from './open-run';

// The dialogs (and the validator the JSON view needs) load when first opened, not with the page.
const ShareDialog = lazy(() => import('./ShareDialog'));
const JsonDialog = lazy(() => import('./JsonDialog'));
const ExportDialog = lazy(() => import('./ExportDialog'));
const ImportDialog = lazy(() => import('./ImportDialog'));

type Open = { kind: 'share' } | { kind: 'json' } | { kind: 'export' } | { kind: 'import'; source: ImportSource | undefined } | undefined;
type Status = { error: boolean; text: string; undo: boolean } | undefined;

const BUTTON = 'rounded border border-slate-700 px-2 py-0.5 text-sm text-slate-200 hover:bg-slate-800';

/**
 * The scenario's way in and out: open a scenario file (or drop one on the page), share the run
 * as a link, view and edit it as JSON, export it to another tool's format, import one. Opening
 * anything replaces the run; the status line offers Undo.
 */
export function ScenarioMenu() {
  const [open, setOpen] = useState<Open>();
  const [status, setStatus] = useState<Status>();
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const opened = (what: string) => setStatus({ error: false, text: `Opened ${what}.`, undo: true });

  const openFile = async (file: File) => {
    const text = await file.text();
    if (!file.name.toLowerCase().endsWith('.json')) return setOpen({ kind: 'import', source: { name: file.name, text } });
    const parsed = parseJsonText(text);
    if (!parsed.ok) return setStatus({ error: true, text: `${file.name} is not JSON: ${parsed.message}`, undo: false });
    const result = await openRun(parsed.value, 'file');
    setStatus(result.ok ? { error: false, text: `Opened ${file.name}.`, undo: true } : { error: true, text: `${file.name} was not opened: ${result.message}`, undo: false });
  };

  // Dropping a file anywhere on the page opens it: a scenario (.json) as the run, anything else in the import dialog.
  useEffect(() => {
    const hasFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;
    const over = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      setDragging(true);
    };
    const leave = (event: DragEvent) => {
      if (event.relatedTarget === null) setDragging(false);
    };
    const drop = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      setDragging(false);
      const file = event.dataTransfer?.files[0];
      if (file) void openFile(file);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, []);

  const close = () => setOpen(undefined);
  return (
    <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Scenario file">
      <button type="button" className={BUTTON} onClick={() => fileInput.current?.click()}>
        Open…
      </button>
      <input
        ref={fileInput}
        type="file"
        accept=".json,application/json"
        className="hidden"
        data-testid="open-scenario-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void openFile(file);
        }}
      />
      <button type="button" className={BUTTON} onClick={() => setOpen({ kind: 'share' })}>
        Share…
      </button>
      <button type="button" className={BUTTON} onClick={() => setOpen({ kind: 'json' })}>
        JSON…
      </button>
      <button type="button" className={BUTTON} onClick={() => setOpen({ kind: 'export' })}>
        Export…
      </button>
      <button type="button" className={BUTTON} onClick={() => setOpen({ kind: 'import', source: undefined })}>
        Import…
      </button>
      {status ? (
        <span role={status.error ? 'alert' : 'status'} data-testid="scenario-status" className={`flex items-center gap-2 text-sm ${status.error ? 'whitespace-pre-line text-red-300' : 'text-emerald-300'}`}>
          {status.text}
          {status.undo ? (
            <button
              type="button"
              className={BUTTON}
              onClick={() => void undoOpen().then((done) => setStatus(done ? { error: false, text: 'Back to the run before.', undo: false } : undefined))}
            >
              Undo
            </button>
          ) : null}
        </span>
      ) : null}
      {dragging ? (
        <div className="pointer-events-none fixed inset-0 z-50 flex items-center justify-center border-4 border-dashed border-sky-400 bg-slate-950/70 text-lg text-sky-200" data-testid="drop-zone">
          Drop a scenario (.json) to open it, or a configuration to import it
        </div>
      ) : null}
      <Suspense fallback={null}>
        {open?.kind === 'share' ? <ShareDialog onClose={close} /> : null}
        {open?.kind === 'json' ? <JsonDialog onClose={close} onOpened={opened} /> : null}
        {open?.kind === 'export' ? <ExportDialog onClose={close} /> : null}
        {open?.kind === 'import' ? <ImportDialog initial={open.source} onClose={close} onOpened={opened} /> : null}
      </Suspense>
    </div>
  );
}
