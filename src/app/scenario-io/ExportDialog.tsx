import { useEffect, useState } from 'react';
import { simControls } from '../sim-client';
import { useSimStore } from '../store';
import { downloadBlob, downloadText, formatsUnavailable, zipFiles } from './files';
import { BUTTON, FormatSelect, Modal } from './Modal';

const EXTENSIONS: Record<string, string> = { nginx: 'conf', keepalived: 'conf', ipvsadm: 'rules', aliyun: 'sh', terraform: 'tf', 'api-json': 'json' };

/** The configuration in force now in another tool's format (the CLI's `export`), as a file or, with certificates beside it, a zip. */
export default function ExportDialog({ onClose }: { onClose: () => void }) {
  const [formats, setFormats] = useState<string[]>([]);
  const [format, setFormat] = useState('');
  const [message, setMessage] = useState<{ error: boolean; text: string }>();
  useEffect(() => {
    void simControls
      .interopFormats()
      ?.then((f) => {
        setFormats(f.export);
        setFormat(f.export[0] ?? '');
      })
      .catch((error: unknown) => setMessage({ error: true, text: formatsUnavailable(error) }));
  }, []);
  const run = async () => {
    const answer = await simControls.exportRun(format);
    if (!answer) return;
    if (!answer.ok) return setMessage({ error: true, text: answer.message });
    const base = `${useSimStore.getState().example}-${format}`;
    const main = `${base}.${EXTENSIONS[format] ?? 'txt'}`;
    const files = answer.files.map((f) => ({ path: f.path ?? main, content: f.content }));
    if (files.length === 1) downloadText(main, files[0]!.content, 'text/plain');
    else downloadBlob(`${base}.zip`, new Blob([zipFiles(files) as Uint8Array<ArrayBuffer>], { type: 'application/zip' }));
    setMessage({ error: false, text: files.length === 1 ? `Saved ${main}.` : `Saved ${base}.zip: ${files.map((f) => f.path).join(', ')}.` });
  };
  return (
    <Modal title="Export the configuration" onClose={onClose} testId="export-dialog">
      <p className="text-slate-300">The configuration in force now (journal changes included), as the CLI's <code>export</code> writes it. See docs/INTEROP.md for what each format covers.</p>
      <label className="flex items-center gap-2">
        <FormatSelect formats={formats} value={format} onChange={setFormat} />
        <button type="button" className={BUTTON} disabled={!format} onClick={() => void run()}>
          Export
        </button>
      </label>
      <p className="text-xs text-slate-300">Private keys are never exported: HTTPS configurations point at placeholder certificate files written beside them.</p>
      {message ? (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'text-red-300' : 'text-emerald-300'} data-testid="export-message">
          {message.text}
        </p>
      ) : null}
    </Modal>
  );
}
