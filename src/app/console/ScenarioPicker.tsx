import { useState } from 'react';
import { exampleNames, examples } from '../../scenario/examples';
import { simControls } from '../sim-client';
import { resetHistory } from '../scenario-io/history';
import { useSimStore } from '../store';

/** Chooses the built-in scenario the app runs; a native select, so it works from the keyboard. */
export function ScenarioPicker() {
  const loaded = useSimStore((s) => s.example);
  // The choice shows at once, before the worker has loaded it: otherwise the select would snap
  // back to the loaded scenario between two arrow-key presses and the second would undo the first.
  const [chosen, setChosen] = useState(loaded);
  const [seen, setSeen] = useState(loaded);
  if (seen !== loaded) {
    setSeen(loaded);
    setChosen(loaded);
  }
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="text-slate-400">Scenario</span>
      <select
        className="rounded border border-slate-700 bg-slate-900 px-1 py-0.5 text-slate-100"
        value={chosen}
        onChange={(e) => {
          setChosen(e.target.value);
          resetHistory(); // a built-in example is navigation, not an edit: the undo history starts again
          void simControls.loadExample(e.target.value);
        }}
      >
        {exampleNames().map((name) => (
          <option key={name} value={name} title={examples[name]?.description}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}
