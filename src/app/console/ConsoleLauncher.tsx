import { lazy, Suspense, useRef, useState } from 'react';
import { buttonClass } from './ui';

// The drawer and its panels load when the console is first opened, not with the page.
const ConsoleDrawer = lazy(() => import('./ConsoleDrawer').then((m) => ({ default: m.ConsoleDrawer })));

/**
 * The console's header button. The drawer opens over the right of the page, modelled on the SLB
 * console (see ConsoleDrawer.tsx).
 */
export function ConsoleLauncher() {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  return (
    <>
      <button
        ref={button}
        type="button"
        className={buttonClass}
        aria-expanded={open}
        aria-controls="slb-console"
        onClick={() => setOpen(!open)}
      >
        Console
      </button>
      {open ? (
        <Suspense
          fallback={
            <p id="slb-console" role="status" className="fixed right-4 top-14 z-50 rounded border border-slate-700 bg-slate-950 px-3 py-2 text-sm text-slate-300">
              Loading the console…
            </p>
          }
        >
          <ConsoleDrawer
            onClose={() => {
              setOpen(false);
              button.current?.focus();
            }}
          />
        </Suspense>
      ) : null}
    </>
  );
}
