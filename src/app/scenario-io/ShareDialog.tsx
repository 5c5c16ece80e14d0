import { useEffect, useState } from 'react';
import { simControls } from '../sim-client';
import { useSimStore } from '../store';
import { BUTTON, Modal } from './Modal';
import { encodeSharedRun, shareUrl } from './share-link';

/**
 * A link that carries the run: its scenario and command journal (compressed with fflate), its seed
 * and the simulated time, so whoever opens it sees the same run at the same point, paused.
 */
export default function ShareDialog({ onClose }: { onClose: () => void }) {
  const [link, setLink] = useState<{ url: string; removed: string[] }>();
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    void simControls.scenario()?.then((scenario) => {
      const { seed, frame } = useSimStore.getState();
      const { value, removed } = encodeSharedRun({ scenario, seed, atUs: frame?.simTimeUs ?? 0 });
      setLink({ url: shareUrl(window.location, value), removed });
    });
  }, []);
  const copy = () => {
    if (!link) return;
    void navigator.clipboard?.writeText(link.url).then(() => setCopied(true), () => setCopied(false));
  };
  return (
    <Modal title="Share this run" onClose={onClose} testId="share-dialog">
      <p className="text-slate-300">The link holds the scenario, its command journal, the seed and the current time: opening it replays the same run to the same point, paused.</p>
      <label className="flex flex-col gap-1">
        <span className="text-slate-300">Link{link ? ` (${link.url.length.toLocaleString('en-US')} characters)` : ''}</span>
        <input readOnly className="rounded bg-slate-800 px-2 py-1 font-mono text-xs" value={link?.url ?? 'Making the link…'} onFocus={(e) => e.target.select()} data-testid="share-url" />
      </label>
      <div className="flex items-center gap-2">
        <button type="button" className={BUTTON} disabled={!link} onClick={copy}>
          Copy link
        </button>
        {copied ? <span role="status">Copied.</span> : null}
      </div>
      <p className="text-xs text-slate-300" data-testid="share-secrets">
        Private keys and API secrets never go into a link: certificates are kept by fingerprint and the journal records uploaded keys as “(redacted)”.
        {link && link.removed.length > 0 ? ` Removed from this link: ${link.removed.join(', ')}.` : ''}
      </p>
    </Modal>
  );
}
