import { useEffect, useState } from 'react';
import { simControls } from '../sim-client';
import type { ImportAnswer } from '../../worker/protocol';
import { formatsUnavailable, guessImportFormat } from './files';
import { BUTTON, FormatSelect, Modal, PRIMARY } from './Modal';
import { openRun } from './open-run';

export interface ImportSource {
  name: string;
  text: string;
}

/**
 * A configuration of another tool (nginx, keepalived, ipvsadm, terraform) read into a scenario, as
 * the CLI's `import` does: what was left out is listed by line, a malformed file names its line
 * and column, and nothing is opened until the user says so.
 */
export default function ImportDialog({ initial, onClose, onOpened }: { initial: ImportSource | undefined; onClose: () => void; onOpened: (what: string) => void }) {
  const [formats, setFormats] = useState<string[]>([]);
  const [source, setSource] = useState<ImportSource | undefined>(initial);
  const [format, setFormat] = useState('');
  const [answer, setAnswer] = useState<ImportAnswer>();
  const [openError, setOpenError] = useState<string>();
  useEffect(() => {
    void simControls
      .interopFormats()
      ?.then((f) => {
        setFormats(f.import);
        setFormat(guessImportFormat(initial?.name ?? '', f.import) ?? '');
      })
      .catch((error: unknown) => setOpenError(formatsUnavailable(error)));
  }, [initial]);
  useEffect(() => {
    if (!source || !format) return;
    let cancelled = false;
    void simControls.importConfig(source.text, format, source.name)?.then((a) => !cancelled && setAnswer(a));
    return () => {
      cancelled = true;
    };
  }, [source, format]);
  const open = async () => {
    if (!answer?.ok || !source) return;
    const opened = await openRun(answer.scenario, 'import');
    if (opened.ok) {
      onOpened(`${source.name} (${format})`);
      onClose();
    } else setOpenError(opened.message);
  };
  return (
    <Modal title="Import a configuration" onClose={onClose} testId="import-dialog">
      <div className="flex flex-wrap items-center gap-2">
        <label className="flex items-center gap-1">
          <span className="text-slate-300">File</span>
          <input
            type="file"
            className="text-xs"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (!file) return;
              setFormat((f) => guessImportFormat(file.name, formats) ?? f);
              void file.text().then((text) => setSource({ name: file.name, text }));
            }}
          />
        </label>
        <label className="flex items-center gap-1">
          <FormatSelect formats={formats} value={format} onChange={setFormat} />
        </label>
      </div>
      {source ? <p className="text-slate-300">{source.name}</p> : <p className="text-slate-300">Choose a file, or drop one on the page.</p>}
      {answer && !answer.ok ? (
        <p role="alert" className="text-red-300" data-testid="import-error">
          {answer.message}
        </p>
      ) : null}
      {answer?.ok ? (
        <div data-testid="import-result">
          <p className="text-emerald-300">Read as a scenario{answer.warnings.length > 0 ? `, with ${answer.warnings.length} part${answer.warnings.length === 1 ? '' : 's'} left out:` : '.'}</p>
          {answer.warnings.length > 0 ? (
            <ul className="max-h-40 overflow-auto text-amber-300" data-testid="import-warnings">
              {answer.warnings.map((w) => (
                <li key={`${w.line}:${w.message}`}>
                  line {w.line}: {w.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {openError ? (
        <p role="alert" className="whitespace-pre-line text-red-300">
          {openError}
        </p>
      ) : null}
      <div className="flex gap-2">
        <button type="button" className={PRIMARY} disabled={!answer?.ok} onClick={() => void open()}>
          Open as the run
        </button>
        <button type="button" className={BUTTON} onClick={onClose}>
          Cancel
        </button>
      </div>
    </Modal>
  );
}
