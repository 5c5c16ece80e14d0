import { useEffect, useMemo, useState } from 'react';
import { issueLines } from '../../scenario/issue-value';
import { validateScenario } from '../../scenario/validate';
import { simControls } from '../sim-client';
import { parseJsonText } from './files';
import { BUTTON, Modal, PRIMARY } from './Modal';
import { openRun } from './open-run';

/** The problems of a scenario text: JSON syntax by line and column, then every field by path, rule and value. */
function problemsOf(text: string): string[] {
  const parsed = parseJsonText(text);
  if (!parsed.ok) return [`JSON ${parsed.message}`];
  const result = validateScenario(parsed.value);
  return result.ok ? [] : issueLines(parsed.value, result.issues);
}

/** The run's scenario as JSON, checked as you type; Apply opens it as the run (Undo in the menu brings the old one back). */
export default function JsonDialog({ onClose, onOpened }: { onClose: () => void; onOpened: (what: string) => void }) {
  const [original, setOriginal] = useState<string>();
  const [text, setText] = useState<string>();
  const [checked, setChecked] = useState('');
  const [applyError, setApplyError] = useState<string>();
  useEffect(() => {
    void simControls.scenario()?.then((scenario) => {
      const json = JSON.stringify(scenario, null, 2);
      setOriginal(json);
      setText(json);
      setChecked(json);
    });
  }, []);
  // Validation follows the typing a moment behind, so long documents stay responsive.
  useEffect(() => {
    if (text === undefined) return;
    const id = setTimeout(() => setChecked(text), 200);
    return () => clearTimeout(id);
  }, [text]);
  const problems = useMemo(() => problemsOf(checked), [checked]);
  const current = text === checked;
  const apply = async () => {
    if (text === undefined) return;
    const parsed = parseJsonText(text);
    if (!parsed.ok) return;
    const opened = await openRun(parsed.value, 'json');
    if (opened.ok) {
      onOpened('the edited JSON');
      onClose();
    } else setApplyError(opened.message);
  };
  return (
    <Modal title="Scenario JSON" onClose={onClose} wide testId="json-dialog">
      <textarea
        aria-label="Scenario JSON"
        aria-invalid={problems.length > 0}
        aria-describedby="json-problems"
        spellCheck={false}
        className="h-[55vh] w-full rounded bg-slate-950 p-2 font-mono text-xs text-slate-100"
        value={text ?? 'Loading…'}
        readOnly={text === undefined}
        onChange={(e) => {
          setText(e.target.value);
          setApplyError(undefined);
        }}
      />
      <div id="json-problems" aria-live="polite" data-testid="json-problems" className={problems.length > 0 ? 'max-h-32 overflow-auto text-red-300' : 'text-emerald-300'}>
        {!current ? 'Checking…' : problems.length === 0 ? 'Valid scenario.' : (
          <ul>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
      </div>
      {applyError ? (
        <p role="alert" className="whitespace-pre-line text-red-300">
          {applyError}
        </p>
      ) : null}
      <div className="flex gap-2">
        <button type="button" className={PRIMARY} disabled={!current || problems.length > 0 || text === original} onClick={() => void apply()}>
          Apply (restarts the run)
        </button>
        <button type="button" className={BUTTON} disabled={text === original} onClick={() => setText(original)}>
          Revert
        </button>
      </div>
    </Modal>
  );
}
