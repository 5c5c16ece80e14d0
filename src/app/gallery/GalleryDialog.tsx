import { lazy, Suspense, useId, useRef, useState, type KeyboardEvent } from 'react';
import { simControls } from '../sim-client';
import { resetHistory } from '../scenario-io/history';

// The cards (every example validated, each topology drawn) load when the gallery is first opened.
const GalleryContent = lazy(() => import('./GalleryContent').then((m) => ({ default: m.GalleryContent })));

/**
 * The header's Gallery button and the dialog it opens: a card per built-in example (topology
 * thumbnail, title, what to watch, name); choosing one loads it like the scenario picker does and
 * rewrites the URL to `?example=`. A native modal <dialog>: the page behind is inert, Escape
 * closes it, and focus goes back to the button.
 */
export function GalleryButton() {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const headingId = useId();

  const show = (): void => {
    setOpen(true);
    dialogRef.current?.showModal();
  };
  const close = (): void => dialogRef.current?.close();
  // Every way out (Escape, the Close button, a choice, a click on the backdrop) ends in the close event.
  const onClose = (): void => {
    setOpen(false);
    buttonRef.current?.focus();
  };
  const choose = (name: string): void => {
    close();
    resetHistory(); // a built-in example is navigation, not an edit: the undo history starts again
    void simControls.loadExample(name);
  };
  // The app's single-key shortcuts (Space, digits, …) listen on window: inside the modal they must
  // not drive the run behind it. Escape still closes the dialog: that is its default action.
  const keepKeysInside = (event: KeyboardEvent): void => event.stopPropagation();

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        aria-haspopup="dialog"
        className="rounded border border-slate-700 bg-slate-900 px-2 py-0.5 text-sm hover:bg-slate-800"
        title="Every built-in example with its topology and what to watch"
        onClick={show}
      >
        Gallery
      </button>
      <dialog
        ref={dialogRef}
        aria-labelledby={headingId}
        className="m-auto max-h-[88vh] w-[min(1120px,95vw)] overflow-hidden rounded-lg border border-slate-700 bg-slate-900 p-0 text-slate-100 backdrop:bg-black/60"
        onClose={onClose}
        onKeyDown={keepKeysInside}
        // A click on the backdrop lands on the dialog element itself.
        onClick={(event) => {
          if (event.target === event.currentTarget) close();
        }}
      >
        {open ? (
          <Suspense
            fallback={
              <div className="px-4 py-2">
                <h2 id={headingId} className="text-base font-semibold">
                  Gallery
                </h2>
                <p role="status" className="text-sm text-slate-400">
                  Loading the examples…
                </p>
              </div>
            }
          >
            <GalleryContent headingId={headingId} onChoose={choose} onClose={close} />
          </Suspense>
        ) : null}
      </dialog>
    </>
  );
}
