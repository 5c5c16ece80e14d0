import { useEffect, useState, type ReactNode } from 'react';
import type { InstanceView } from './instance';
import type { Caller } from './requests';
import type { SlbFailure, SlbRequest, SlbSuccess } from './slb-client';
import { ApiErrorText, Confirm, dangerClass, failureText, RequestPreview, type Notice } from './ui';

/** What the resource panels (VServer groups, rules, certificates, ACLs) share: their props, reads, deletes with Undo. */

export interface PanelProps {
  loadBalancerId: string;
  view: InstanceView;
  call: Caller;
  changed: () => void;
  notify: (notice: Notice) => void;
  /** The console revision: the panel reads again when it grows. */
  revision: number;
}

export type Read<T> = { ok: true; value: T } | { ok: false; error: SlbFailure };

/**
 * Reads through the API whenever `key` changes; the previous answer stays on screen while the next
 * is on its way (no flash after each change).
 */
export function useApiRead<T>(read: () => Promise<Read<T>>, key: string): { value: T | undefined; error: SlbFailure | undefined } {
  const [answer, setAnswer] = useState<Read<T> | undefined>();
  useEffect(() => {
    let live = true;
    void read().then((r) => {
      if (live) setAnswer(r);
    });
    return () => {
      live = false;
    };
    // `key` says when to read again; `read` is a fresh closure each render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return { value: answer?.ok ? answer.value : undefined, error: answer && !answer.ok ? answer.error : undefined };
}

/** A list read, or the API's error, or "Loading…", then the content. */
export function ReadState({
  error,
  loading,
  what,
  children,
}: {
  error: SlbFailure | undefined;
  loading: boolean;
  what: string;
  children: ReactNode;
}) {
  if (error) return <ApiErrorText error={error} prefix={`Reading ${what}:`} />;
  if (loading)
    return (
      <p role="status" className="text-sm text-slate-400">
        Loading {what}…
      </p>
    );
  return <>{children}</>;
}

/**
 * A Delete button that asks first; the API's refusal (still in use, …) shows under it. `onDelete`
 * answers the failure, or nothing once the API accepted.
 */
export function DeleteControl({
  name,
  question,
  onDelete,
  verb = 'Delete',
}: {
  name: string;
  question: string;
  onDelete: () => Promise<SlbFailure | undefined>;
  verb?: string;
}) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<SlbFailure | undefined>();
  return (
    <div className="flex flex-col items-end gap-1">
      {confirming ? (
        <Confirm
          question={question}
          confirmLabel={`Confirm: ${verb.toLowerCase()} ${name}`}
          busy={busy}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setBusy(true);
            void onDelete().then((failed) => {
              setBusy(false);
              setError(failed);
              if (!failed) setConfirming(false);
            });
          }}
        />
      ) : (
        <button type="button" className={dangerClass} aria-label={`${verb} ${name}`} onClick={() => setConfirming(true)}>
          {verb}
        </button>
      )}
      {error ? <ApiErrorText error={error} /> : null}
    </div>
  );
}

/**
 * The notice after an accepted delete, with Undo sending `restore` (which answers the failure, or
 * nothing when the thing is back).
 */
export function undoNotice(
  text: string,
  what: string,
  restore: () => Promise<SlbFailure | undefined>,
  notify: (notice: Notice) => void,
  changed: () => void,
  verb = 'delete',
): Notice {
  return {
    text,
    tone: 'ok',
    undo: {
      label: `Undo ${verb} ${what}`,
      run: async () => {
        const failed = await restore();
        notify(
          failed ? { text: `Could not restore ${what}: ${failureText(failed)}`, tone: 'error' } : { text: `Restored ${what}.`, tone: 'ok' },
        );
        changed();
      },
    },
  };
}

/** A small titled box for one resource (a group, a listener's rules, an ACL). */
export function ResourceCard({
  title,
  testId,
  id,
  actions,
  children,
}: {
  title: ReactNode;
  testId: string;
  id: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section
      className="rounded border border-slate-800 p-2 text-sm"
      data-testid={testId}
      data-id={id}
      aria-label={typeof title === 'string' ? title : id}
    >
      <div className="mb-1 flex items-start gap-2">
        <h3 className="min-w-0 flex-1 font-semibold">{title}</h3>
        {actions}
      </div>
      {children}
    </section>
  );
}

/** A column heading: its text, and what it means when that needs saying (a tooltip). */
export type Column = string | { label: string; title: string };

/**
 * The console's tables: headings in the first row, a last column of actions named for screen
 * readers only, the rows as children.
 */
export function DataTable({
  label,
  columns,
  className = 'text-sm',
  children,
}: {
  label: string;
  columns: readonly Column[];
  className?: string;
  children: ReactNode;
}) {
  return (
    <table className={`w-full border-collapse ${className}`} aria-label={label}>
      <thead>
        <tr className="text-left text-xs text-slate-400">
          {columns.map((c, i) => {
            const { label: text, title } = typeof c === 'string' ? { label: c, title: undefined } : c;
            return (
              <th key={text} scope="col" className={i === 0 ? 'py-1 pr-2' : 'pr-2'} title={title}>
                {text}
              </th>
            );
          })}
          <th scope="col" className="sr-only">
            Actions
          </th>
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/**
 * Sends a delete (or remove); once accepted, announces it with Undo sending `undo`, and marks the
 * console changed. Answers the API's refusal, for the confirmation to show.
 */
export async function deleteWithUndo({
  call,
  request,
  undo,
  text,
  what,
  verb = 'delete',
  notify,
  changed,
}: Pick<PanelProps, 'call' | 'notify' | 'changed'> & {
  request: SlbRequest;
  /** The request that brings it back, or a function sending several. */
  undo: SlbRequest | (() => Promise<SlbFailure | undefined>);
  text: string;
  what: string;
  verb?: string;
}): Promise<SlbFailure | undefined> {
  const result = await call(request.action, request.params);
  if (!result.ok) return result;
  const restore =
    typeof undo === 'function'
      ? undo
      : async () => {
          const back = await call(undo.action, undo.params);
          return back.ok ? undefined : back;
        };
  notify(undoNotice(text, what, restore, notify, changed, verb));
  changed();
  return undefined;
}

/** What a form will send, before it is sent: the HTTP request and the copyable `aliyun slb …` command. */
export function RequestDetails({ request, purpose }: { request: SlbRequest; purpose: string }) {
  return (
    <details className="text-xs" data-testid="request-details">
      <summary className="cursor-pointer text-slate-400">Request preview: {request.action}</summary>
      <ul className="mt-1">
        <RequestPreview action={request.action} params={request.params} purpose={purpose} index={0} />
      </ul>
    </details>
  );
}

/**
 * Sending one form's request: busy while it is out; on a refusal, the API's error kept for the
 * form to show next to the field at fault, and focus moved to that field (`focusOf` names its id).
 * Answers the accepted reply, or nothing when refused.
 */
export function useSubmit(call: Caller): {
  error: SlbFailure | undefined;
  busy: boolean;
  send: (request: SlbRequest, focusOf?: (error: SlbFailure) => string) => Promise<SlbSuccess | undefined>;
} {
  const [error, setError] = useState<SlbFailure | undefined>();
  const [busy, setBusy] = useState(false);
  const send = async (request: SlbRequest, focusOf?: (error: SlbFailure) => string): Promise<SlbSuccess | undefined> => {
    setBusy(true);
    const result = await call(request.action, request.params);
    setBusy(false);
    if (!result.ok) {
      setError(result);
      if (focusOf) document.getElementById(focusOf(result))?.focus();
      return undefined;
    }
    setError(undefined);
    return result;
  };
  return { error, busy, send };
}
