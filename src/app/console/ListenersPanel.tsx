import { useEffect, useRef, useState, type FormEvent } from 'react';
import { loadPopulations, type InstanceView, type ListenerView } from './instance';
import { useListenerCounters, type ListenerCounter } from './metrics';
import { DataTable, RequestDetails } from './panel-kit';
import { describedValue, describeRollback, LISTENER_PARAMS, recreateListenerPlan, runPlan, upper, type Caller } from './requests';
import type { SlbFailure } from './slb-client';
import { ApiErrorText, buttonClass, Confirm, Field, failureText, primaryClass, dangerClass, type Notice } from './ui';

/** The listener list: protocol and port, status, scheduler, health; Start / Stop / Edit / Delete each. */
export function ListenersPanel({
  loadBalancerId,
  view,
  call,
  changed,
  notify,
}: {
  loadBalancerId: string;
  view: InstanceView;
  call: Caller;
  changed: () => void;
  notify: (notice: Notice) => void;
}) {
  const { counters, error } = useListenerCounters(loadBalancerId);
  if (view.listeners.length === 0) return <p className="text-sm text-slate-400">This instance has no listeners yet.</p>;
  return (
    <>
      <DataTable
        label="Listeners"
        columns={[
          'Listener',
          'Status',
          'Scheduler',
          'Backend port',
          'Health',
          { label: 'New connections', title: 'CloudMonitor NewConnection: total over the seconds read, and the latest second' },
          { label: 'Active', title: 'CloudMonitor ActiveConnection in the latest second' },
        ]}
      >
        {view.listeners.map((listener) => (
          <ListenerRow
            key={`${listener.protocol}:${listener.port}`}
            loadBalancerId={loadBalancerId}
            listener={listener}
            counter={counters.byPort[String(listener.port)]}
            active={counters.active[String(listener.port)]}
            call={call}
            changed={changed}
            notify={notify}
          />
        ))}
      </DataTable>
      {error ? (
        <p className="text-xs text-slate-400" data-testid="counters-unavailable">
          New connections unavailable: DescribeMetricList answered {error.code}: {error.message}
        </p>
      ) : null}
    </>
  );
}

const nameOf = (l: { protocol: string; port: number }): string => `${l.protocol.toUpperCase()} :${l.port}`;

function ListenerRow({
  loadBalancerId,
  listener,
  counter,
  active,
  call,
  changed,
  notify,
}: {
  loadBalancerId: string;
  listener: ListenerView;
  counter: ListenerCounter | undefined;
  active: number | undefined;
  call: Caller;
  changed: () => void;
  notify: (notice: Notice) => void;
}) {
  const [mode, setMode] = useState<'view' | 'edit' | 'confirm-delete'>('view');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<SlbFailure | undefined>();
  const a = listener.attributes;
  const status = a ? String(a['Status'] ?? '') : '';
  const name = nameOf(listener);
  const key = { LoadBalancerId: loadBalancerId, ListenerPort: listener.port };

  // After Start or Stop the button pressed is disabled: once the new status shows, focus goes to its counterpart.
  const focusNext = useRef<'Start' | 'Stop' | undefined>(undefined);
  const startRef = useRef<HTMLButtonElement>(null);
  const stopRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (focusNext.current === 'Start' && status === 'stopped') startRef.current?.focus();
    else if (focusNext.current === 'Stop' && status === 'running') stopRef.current?.focus();
    else return;
    focusNext.current = undefined;
  }, [status]);

  const act = async (action: string, done: string): Promise<void> => {
    setBusy(true);
    setError(undefined);
    const result = await call(action, key);
    setBusy(false);
    if (!result.ok) {
      setError(result);
      return;
    }
    focusNext.current = action === 'StopLoadBalancerListener' ? 'Start' : 'Stop';
    notify({ text: `${done} ${name}.`, tone: 'ok' });
    changed();
  };

  const remove = async (): Promise<void> => {
    if (!a) return;
    setBusy(true);
    setError(undefined);
    // What is needed to put it back: the attributes (read with the list) and its client traffic.
    const populations = await loadPopulations(loadBalancerId, call, listener.port);
    const result = await call('DeleteLoadBalancerListener', key);
    setBusy(false);
    if (!result.ok) {
      setError(result);
      return;
    }
    setMode('view');
    const plan = recreateListenerPlan(loadBalancerId, listener.protocol, a, populations.ok ? populations.populations : []);
    notify({
      text: `Deleted ${name}.${populations.ok ? '' : ` Its client traffic could not be read first (${failureText(populations.error)}), so Undo restores the listener without it.`}`,
      tone: 'ok',
      undo: {
        label: `Undo delete ${name}`,
        run: async () => {
          const outcome = await runPlan(plan, call);
          if (outcome.ok) notify({ text: `Restored ${name}${status === 'running' ? ' and started it' : ''}.`, tone: 'ok' });
          else
            notify({
              text: `Could not restore ${name}: ${failureText(outcome.error)}. ${describeRollback(outcome.rolledBack)}`,
              tone: 'error',
            });
          changed();
        },
      },
    });
    changed();
  };

  const h = listener.health;
  return (
    <>
      <tr
        className="border-t border-slate-800 align-top"
        data-testid="listener-row"
        data-port={listener.port}
        data-protocol={listener.protocol}
        data-status={status}
      >
        <th scope="row" className="py-1 pr-2 text-left font-mono font-semibold">
          {name}
        </th>
        <td className="pr-2">
          <span data-testid="listener-status" className={status === 'running' ? 'text-emerald-400' : 'text-amber-300'}>
            {status || '—'}
          </span>
        </td>
        <td className="pr-2 font-mono">{a ? String(a['Scheduler'] ?? '') : '—'}</td>
        <td className="pr-2 font-mono">
          {a?.['VServerGroupId'] ? `group ${String(a['VServerGroupId'])}` : a ? String(a['BackendServerPort'] ?? '') : '—'}
        </td>
        <td className="pr-2 text-xs" data-testid="listener-health">
          {a?.['HealthCheck'] === 'off'
            ? 'check off'
            : `${h.normal} normal · ${h.abnormal} abnormal${h.unavailable ? ` · ${h.unavailable} unavailable` : ''}`}
        </td>
        <td className="pr-2 text-xs tabular-nums" data-testid="listener-new-connections" data-total={counter?.total ?? ''}>
          {counter ? `${counter.total.toLocaleString('en-US')} (${counter.lastSecond}/s)` : '—'}
        </td>
        <td className="pr-2 text-xs tabular-nums" data-testid="listener-active-connections" data-active={active ?? ''}>
          {active ?? '—'}
        </td>
        <td className="whitespace-nowrap py-1 text-right">
          <span className="inline-flex gap-1">
            <button
              type="button"
              className={buttonClass}
              disabled={busy || !a || status === 'running'}
              onClick={() => void act('StartLoadBalancerListener', 'Started')}
              aria-label={`Start ${name}`}
            >
              Start
            </button>
            <button
              type="button"
              className={buttonClass}
              disabled={busy || !a || status !== 'running'}
              onClick={() => void act('StopLoadBalancerListener', 'Stopped')}
              aria-label={`Stop ${name}`}
            >
              Stop
            </button>
            <button
              type="button"
              className={buttonClass}
              disabled={busy || !a}
              aria-expanded={mode === 'edit'}
              onClick={() => setMode(mode === 'edit' ? 'view' : 'edit')}
              aria-label={`Edit ${name}`}
            >
              Edit
            </button>
            <button
              type="button"
              className={dangerClass}
              disabled={busy || !a}
              onClick={() => setMode('confirm-delete')}
              aria-label={`Delete ${name}`}
            >
              Delete
            </button>
          </span>
        </td>
      </tr>
      {listener.error || error || mode !== 'view' ? (
        <tr>
          <td colSpan={8} className="pb-2">
            {listener.error ? <ApiErrorText error={listener.error} prefix={`Describe ${name}:`} /> : null}
            {error ? <ApiErrorText error={error} prefix={`${name}:`} /> : null}
            {mode === 'confirm-delete' ? (
              <Confirm
                question={`Delete ${name}? Its client traffic goes with it. You can undo this.`}
                confirmLabel={`Confirm: delete ${name}`}
                busy={busy}
                onConfirm={() => void remove()}
                onCancel={() => setMode('view')}
              />
            ) : null}
            {mode === 'edit' && a ? (
              <EditListener
                loadBalancerId={loadBalancerId}
                listener={listener}
                attributes={a}
                call={call}
                onDone={(text) => {
                  setMode('view');
                  notify({ text, tone: 'ok' });
                  changed();
                }}
                onCancel={() => setMode('view')}
              />
            ) : null}
          </td>
        </tr>
      ) : null}
    </>
  );
}

const ON_OFF = ['on', 'off'];
/** Parameters with a closed set of values: offered as a choice (the API still checks what is sent). */
function choicesOf(protocol: string, field: string): string[] | undefined {
  if (field === 'Scheduler')
    return protocol === 'http' || protocol === 'https'
      ? ['wrr', 'wlc', 'rr']
      : ['wrr', 'wlc', 'rr', 'sch', 'tch', ...(protocol === 'udp' ? ['qch'] : [])];
  if (
    [
      'HealthCheck',
      'HealthCheckSwitch',
      'ConnectionDrain',
      'StickySession',
      'Gzip',
      'XForwardedFor_SLBIP',
      'XForwardedFor_SLBID',
      'XForwardedFor_proto',
      'ListenerForward',
      'EnableHttp2',
    ].includes(field)
  )
    return ON_OFF;
  if (field === 'HealthCheckType') return ['tcp', 'http'];
  if (field === 'HealthCheckMethod') return ['head', 'get'];
  if (field === 'StickySessionType') return ['insert', 'server'];
  if (field === 'FullNatEnabled') return ['false', 'true'];
  return undefined;
}

/** Set<P>ListenerAttribute: every attribute the action takes, as the API described it; only changes are sent. */
function EditListener({
  loadBalancerId,
  listener,
  attributes,
  call,
  onDone,
  onCancel,
}: {
  loadBalancerId: string;
  listener: ListenerView;
  attributes: Record<string, unknown>;
  call: Caller;
  onDone: (text: string) => void;
  onCancel: () => void;
}) {
  const names = LISTENER_PARAMS[listener.protocol].filter((n) => describedValue(attributes, n) !== undefined);
  const initial = Object.fromEntries(names.map((n) => [n, describedValue(attributes, n)!]));
  const [values, setValues] = useState<Record<string, string>>(initial);
  const [error, setError] = useState<SlbFailure | undefined>();
  const [busy, setBusy] = useState(false);
  const name = nameOf(listener);
  const idOf = (field: string): string => `edit-${listener.port}-${field}`;

  // Only the changed attributes are sent; the preview shows that request as it will go.
  const changes = names.filter((n) => values[n] !== initial[n]);
  const request = { action: `SetLoadBalancer${upper(listener.protocol)}ListenerAttribute`, params: { LoadBalancerId: loadBalancerId, ListenerPort: String(listener.port) } as Record<string, string> };
  for (const n of changes) request.params[n] = values[n]!.trim();

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (changes.length === 0) {
      onCancel();
      return;
    }
    setBusy(true);
    const result = await call(request.action, request.params);
    setBusy(false);
    if (!result.ok) {
      setError(result);
      const field = names.find((n) => n.toLowerCase() === result.parameter?.toLowerCase());
      if (field) document.getElementById(idOf(field))?.focus();
      return;
    }
    onDone(`Changed ${changes.join(', ')} of ${name}.`);
  };

  const fieldError = (field: string): SlbFailure | undefined =>
    error && error.parameter?.toLowerCase() === field.toLowerCase() ? error : undefined;
  const general = error && !names.some((n) => fieldError(n)) ? error : undefined;
  return (
    <form
      onSubmit={(e) => void submit(e)}
      aria-label={`Edit ${name}`}
      className="mt-1 rounded border border-slate-700 p-2"
      data-testid="edit-listener"
    >
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-3">
        {names.map((field) => (
          <Field key={field} id={idOf(field)} label={field} error={fieldError(field)}>
            {(props) => {
              const options = choicesOf(listener.protocol, field);
              const current = values[field] ?? '';
              return options ? (
                <select {...props} value={current} onChange={(e) => setValues({ ...values, [field]: e.target.value })}>
                  {/* The described value is always offered, even one outside the list. */}
                  {(options.includes(current) ? options : [current, ...options]).map((o) => (
                    <option key={o} value={o}>
                      {o}
                    </option>
                  ))}
                </select>
              ) : (
                <input {...props} value={current} onChange={(e) => setValues({ ...values, [field]: e.target.value })} />
              );
            }}
          </Field>
        ))}
      </div>
      {general ? <ApiErrorText error={general} /> : null}
      {changes.length > 0 ? <RequestDetails request={request} purpose={`change ${changes.join(', ')} of ${name}`} /> : null}
      <div className="mt-2 flex gap-2">
        <button type="submit" className={primaryClass} disabled={busy}>
          Save {name}
        </button>
        <button type="button" className={buttonClass} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
