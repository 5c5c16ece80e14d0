import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useSimStore } from '../store';
import { aliyunCommand, describeFailure, formatRequest, type SlbFailure, type SlbParams } from './slb-client';

/** Small building blocks the console's panels share: labelled fields with their API error, confirmations, undo. */

export const inputClass =
  'w-full rounded border border-slate-700 bg-slate-900 px-1.5 py-0.5 text-sm text-slate-100 aria-[invalid=true]:border-red-500';
export const buttonClass =
  'rounded border border-slate-600 bg-slate-800 px-2 py-0.5 text-sm text-slate-100 hover:bg-slate-700 focus-visible:outline focus-visible:outline-2 focus-visible:outline-sky-400 disabled:cursor-not-allowed disabled:opacity-40';
export const primaryClass =
  'rounded border border-sky-500 bg-sky-700 px-2 py-0.5 text-sm font-semibold text-white hover:bg-sky-600 focus-visible:outline focus-visible:outline-2 focus-visible:outline-sky-300 disabled:opacity-40';
export const dangerClass =
  'rounded border border-red-500 bg-red-800 px-2 py-0.5 text-sm font-semibold text-white hover:bg-red-700 focus-visible:outline focus-visible:outline-2 focus-visible:outline-red-300 disabled:opacity-40';

/** Makes the header card and every console panel ask the API again (after any accepted change). */
export function bumpRevision(): void {
  useSimStore.setState((s) => (s.consoleScope ? { consoleScope: { ...s.consoleScope, revision: s.consoleScope.revision + 1 } } : {}));
}

/** The API's Code and Message (and request id), announced where it is shown. */
export function ApiErrorText({ error, id, prefix }: { error: SlbFailure; id?: string | undefined; prefix?: string | undefined }) {
  return (
    <p role="alert" id={id} className="mt-0.5 text-xs text-red-400" data-testid="api-error" data-code={error.code}>
      {prefix ? `${prefix} ` : ''}
      <span className="font-mono font-semibold">{error.code}</span>: {error.message}
      {error.requestId ? <span className="text-red-300/70"> (request {error.requestId})</span> : null}
    </p>
  );
}

/**
 * A labelled input whose API error (if any) sits right under it, tied to it by
 * aria-describedby and marked aria-invalid.
 */
export function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: SlbFailure | undefined;
  children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby': string | undefined; className: string }) => ReactNode;
}) {
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [hint ? hintId : undefined, error ? errorId : undefined].filter(Boolean).join(' ') || undefined;
  return (
    <div className="flex flex-col gap-0.5" data-field={id}>
      <label htmlFor={id} className="text-xs text-slate-300">
        {label}
      </label>
      {children({ id, 'aria-invalid': error !== undefined, 'aria-describedby': describedBy, className: inputClass })}
      {hint ? (
        <p id={hintId} className="text-[11px] text-slate-400">
          {hint}
        </p>
      ) : null}
      {error ? <ApiErrorText error={error} id={errorId} /> : null}
    </div>
  );
}

/** Copies text, and says so (or says why not) for screen readers too. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <span className="inline-flex items-center gap-1">
      <button
        type="button"
        className={buttonClass}
        aria-label={label}
        onClick={() => {
          // No clipboard outside a secure context: say so rather than fail silently.
          if (!navigator.clipboard) {
            setState('failed');
            return;
          }
          void navigator.clipboard.writeText(text).then(
            () => setState('copied'),
            () => setState('failed'),
          );
        }}
      >
        Copy
      </button>
      <span role="status" className="text-xs text-slate-400">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed: select the text instead' : ''}
      </span>
    </span>
  );
}

/** One request as sent (HTTP) and as an aliyun CLI command, with a copy button. */
export function RequestPreview({ action, params, purpose, index }: { action: string; params: SlbParams; purpose: string; index: number }) {
  const command = aliyunCommand(action, params);
  return (
    <li className="rounded border border-slate-800 bg-slate-900/60 p-2" data-testid="planned-request" data-action={action}>
      <p className="text-xs text-slate-300">
        {index + 1}. <span className="font-mono font-semibold text-sky-300">{action}</span> — {purpose}
      </p>
      {/* Focusable: a long request scrolls sideways, and keyboard users must be able to scroll it too. */}
      <pre tabIndex={0} className="mt-1 overflow-x-auto whitespace-pre text-[11px] text-slate-300 focus-visible:outline focus-visible:outline-2 focus-visible:outline-sky-400" data-testid="request-text">
        {formatRequest(action, params)}
      </pre>
      <div className="mt-1 flex items-start gap-2">
        <code className="min-w-0 flex-1 break-all font-mono text-[11px] text-emerald-300" data-testid="cli-command">
          {command}
        </code>
        <CopyButton text={command} label={`Copy the aliyun command for ${action}`} />
      </div>
    </li>
  );
}

/** The outcome of a change, announced: what was done, with Undo when it can be undone. */
export interface Notice {
  text: string;
  tone: 'ok' | 'error';
  undo?: { label: string; run: () => Promise<void> } | undefined;
}

/**
 * The outcome of the latest change. The live region is always in the page, so screen readers
 * announce what appears in it; an error is an alert. When the change can be undone, focus moves
 * to Undo: the control that was used is usually gone (a deleted row, a closed confirmation).
 */
export function NoticeBar({ notice, onDismiss }: { notice: Notice | undefined; onDismiss: () => void }) {
  const [busy, setBusy] = useState(false);
  const undoButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (notice?.undo) undoButton.current?.focus();
  }, [notice]);
  return (
    <div role="status" aria-live="polite">
      {notice ? (
        <div
          role={notice.tone === 'error' ? 'alert' : undefined}
          data-testid="console-notice"
          className={`flex flex-wrap items-center gap-2 rounded border px-2 py-1 text-sm ${notice.tone === 'error' ? 'border-red-700 bg-red-950/60 text-red-200' : 'border-emerald-800 bg-emerald-950/60 text-emerald-200'}`}
        >
          <span className="min-w-0 flex-1">{notice.text}</span>
          {notice.undo ? (
            <button
              ref={undoButton}
              type="button"
              className={buttonClass}
              disabled={busy}
              onClick={() => {
                setBusy(true);
                void notice.undo!.run().finally(() => setBusy(false));
              }}
            >
              {notice.undo.label}
            </button>
          ) : null}
          <button type="button" className={buttonClass} aria-label="Dismiss message" onClick={onDismiss}>
            ×
          </button>
        </div>
      ) : null}
    </div>
  );
}

/** An inline confirmation: the question, the destructive button, and Cancel (focused first, so Enter does not destroy). */
export function Confirm({
  question,
  confirmLabel,
  onConfirm,
  onCancel,
  busy,
}: {
  question: string;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  busy: boolean;
}) {
  return (
    <div
      role="group"
      aria-label="Confirm"
      className="flex flex-wrap items-center gap-2 rounded border border-red-800 bg-red-950/40 p-2 text-sm"
      data-testid="confirm"
    >
      <span className="flex-1">{question}</span>
      <button type="button" className={dangerClass} onClick={onConfirm} disabled={busy}>
        {confirmLabel}
      </button>
      <button
        type="button"
        className={buttonClass}
        onClick={onCancel}
        // Focused first, so a stray Enter cancels rather than destroys.
        autoFocus
      >
        Cancel
      </button>
    </div>
  );
}

export function failureText(error: SlbFailure): string {
  return describeFailure(error);
}
