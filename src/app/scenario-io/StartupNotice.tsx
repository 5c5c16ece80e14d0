import { useSimStore } from '../store';
import { CORRUPTED_KEY } from './autosave';
import { downloadText } from './files';

/** What the start could not open (a share link, the autosave), with the corrupted autosave's download. */
export function StartupNotice() {
  const notices = useSimStore((s) => s.startupNotices);
  const corrupted = useSimStore((s) => s.corruptedAutosave);
  if (notices.length === 0) return null;
  const download = () => {
    const raw = window.localStorage.getItem(CORRUPTED_KEY);
    if (raw !== null) downloadText('slb-sim-autosave-corrupted.json', raw);
  };
  return (
    <div role="alert" data-testid="startup-notices" className="flex flex-wrap items-center gap-3 border-b border-slate-800 px-4 py-1 text-sm text-amber-300">
      <ul className="mr-auto">
        {notices.map((notice) => (
          <li key={notice}>{notice}</li>
        ))}
      </ul>
      {corrupted ? (
        <button type="button" className="rounded border border-amber-700 px-2 py-0.5 hover:bg-amber-950" onClick={download}>
          Download the corrupted autosave
        </button>
      ) : null}
      <button type="button" className="rounded border border-slate-600 px-2 py-0.5 text-slate-200 hover:bg-slate-800" onClick={() => useSimStore.setState({ startupNotices: [] })}>
        Dismiss
      </button>
    </div>
  );
}
