import { useEffect, useRef, useState, type ReactNode } from 'react';
import { nestedList, type BackendServerView } from './instance';
import { describeRollback, runPlan, upper, type Caller } from './requests';
import type { SlbFailure } from './slb-client';
import { ApiErrorText, buttonClass, Field, primaryClass, RequestPreview } from './ui';
import {
  fieldOfError,
  fieldsOf,
  initialWizardState,
  STEP_TITLES,
  WIZARD_STEPS,
  wizardPlan,
  type FieldError,
  type WizardState,
  type WizardStep,
} from './wizard-model';

const fieldId = (name: string): string => `wizard-${name}`;

/**
 * The add-listener wizard: protocol and ports → scheduling and persistence → backend servers →
 * health check → traffic → review. It checks nothing itself: on submit it sends the requests the
 * review step lists, and an error from the API is shown next to the field it names, on its step,
 * with the field focused. A failure after earlier requests succeeded rolls those back.
 */
export function AddListenerWizard({
  loadBalancerId,
  backendServers,
  call,
  onCreated,
  onCancel,
}: {
  loadBalancerId: string;
  backendServers: readonly BackendServerView[];
  call: Caller;
  onCreated: (text: string) => void;
  onCancel: () => void;
}) {
  const [state, setState] = useState<WizardState>(initialWizardState);
  const [step, setStep] = useState<WizardStep>('protocol');
  const [fault, setFault] = useState<(FieldError & { rollback: string | undefined }) | undefined>();
  const [busy, setBusy] = useState(false);
  const [groups, setGroups] = useState<{ id: string; name: string }[] | SlbFailure | undefined>();
  const [certificates, setCertificates] = useState<{ id: string; name: string }[] | SlbFailure | undefined>();
  const index = WIZARD_STEPS.indexOf(step);
  const set = (patch: Partial<WizardState>): void => setState((s) => ({ ...s, ...patch }));

  // After a jump to the field at fault, focus it; after a plain step change, the step's heading.
  const pendingFocus = useRef<string | undefined>(undefined);
  const setFocusTarget = (id: string): void => {
    pendingFocus.current = id;
  };
  useEffect(() => {
    if (pendingFocus.current === undefined) return;
    document.getElementById(pendingFocus.current)?.focus();
    pendingFocus.current = undefined;
  });

  useEffect(() => {
    if (step !== 'backends' || state.backendMode !== 'vserver' || groups !== undefined) return;
    void call('DescribeVServerGroups', { LoadBalancerId: loadBalancerId }).then((result) =>
      setGroups(
        result.ok
          ? nestedList(result.body, 'VServerGroups', 'VServerGroup').map((g) => ({
              id: String(g['VServerGroupId']),
              name: String(g['VServerGroupName'] ?? ''),
            }))
          : result,
      ),
    );
  }, [step, state.backendMode, groups, call, loadBalancerId]);

  // HTTPS: the certificates uploaded to the region, to choose from (DescribeServerCertificates).
  useEffect(() => {
    if (state.protocol !== 'https' || certificates !== undefined) return;
    void call('DescribeServerCertificates', {}).then((result) =>
      setCertificates(
        result.ok
          ? nestedList(result.body, 'ServerCertificates', 'ServerCertificate').map((c) => ({
              id: String(c['ServerCertificateId']),
              name: [c['ServerCertificateName'], c['CommonName']].filter((v) => v !== undefined && v !== '').join(' · '),
            }))
          : result,
      ),
    );
  }, [state.protocol, certificates, call]);

  const goTo = (next: WizardStep): void => {
    setStep(next);
    setFocusTarget(`wizard-step-${next}`);
  };

  const submit = async (): Promise<void> => {
    setBusy(true);
    setFault(undefined);
    const plan = wizardPlan(state, loadBalancerId);
    const outcome = await runPlan(plan, call);
    setBusy(false);
    if (outcome.ok) {
      onCreated(`Created ${upper(state.protocol)} :${state.ListenerPort.trim()}${state.startNow ? ' and started it' : ''}.`);
      return;
    }
    const at = fieldOfError(state, outcome.error);
    const failed = plan[outcome.failedAt]!;
    setFault({
      ...at,
      rollback:
        outcome.failedAt > 0
          ? `${failed.action} failed after ${outcome.failedAt} request(s) had succeeded. ${describeRollback(outcome.rolledBack)}`
          : undefined,
    });
    setStep(at.step);
    setFocusTarget(at.field ? fieldId(at.field) : `wizard-step-${at.step}`);
  };

  const errorFor = (field: string): SlbFailure | undefined => (fault?.field === field ? fault.error : undefined);
  const shown = fieldsOf(state);

  const text = (name: keyof WizardState & string, label: string, hint?: string): ReactNode => (
    <Field id={fieldId(name)} label={label} hint={hint} error={errorFor(name)}>
      {(props) => (
        <input {...props} value={String(state[name])} onChange={(e) => set({ [name]: e.target.value } as Partial<WizardState>)} />
      )}
    </Field>
  );
  /** A select; `param` is the API parameter it becomes when the state's name differs (protocol → ListenerProtocol). */
  const choice = (name: keyof WizardState & string, label: string, options: readonly string[], param: string = name): ReactNode => (
    <Field id={fieldId(param)} label={label} error={errorFor(param)}>
      {(props) => (
        <select {...props} value={String(state[name])} onChange={(e) => set({ [name]: e.target.value } as Partial<WizardState>)}>
          {options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      )}
    </Field>
  );

  const l7 = state.protocol === 'http' || state.protocol === 'https';
  const body: Record<WizardStep, ReactNode> = {
    protocol: (
      <>
        {choice('protocol', 'Protocol', ['tcp', 'udp', 'http', 'https'], 'ListenerProtocol')}
        {text('ListenerPort', 'Listener port', 'The port clients connect to on the instance (1–65535).')}
        {text('BackendServerPort', 'Backend server port')}
        {text('Bandwidth', 'Bandwidth (Mbit/s)', '-1: no limit of its own (shares the instance’s).')}
        {state.protocol === 'https' ? (
          Array.isArray(certificates) && certificates.length > 0 ? (
            <Field id={fieldId('ServerCertificateId')} label="Server certificate" error={errorFor('ServerCertificateId')}>
              {(props) => (
                <select {...props} value={state.ServerCertificateId} onChange={(e) => set({ ServerCertificateId: e.target.value })}>
                  <option value="">(choose a certificate)</option>
                  {certificates.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.id}
                      {c.name ? ` — ${c.name}` : ''}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ) : (
            <>
              {text(
                'ServerCertificateId',
                'Server certificate ID',
                Array.isArray(certificates) ? 'No server certificate is uploaded in this region yet.' : undefined,
              )}
              {certificates && !Array.isArray(certificates) ? (
                <ApiErrorText error={certificates} prefix="DescribeServerCertificates:" />
              ) : null}
            </>
          )
        ) : null}
      </>
    ),
    scheduling: (
      <>
        {choice(
          'Scheduler',
          'Scheduler',
          l7 ? ['wrr', 'wlc', 'rr'] : ['wrr', 'wlc', 'rr', 'sch', 'tch', ...(state.protocol === 'udp' ? ['qch'] : [])],
        )}
        {l7 ? (
          <>
            {choice('StickySession', 'Session persistence (cookie)', ['off', 'on'])}
            {state.StickySession === 'on' ? (
              <>
                {choice('StickySessionType', 'Cookie handling', ['insert', 'server'])}
                {text('CookieTimeout', 'Cookie timeout (s)')}
                {text('Cookie', 'Cookie name (server)')}
              </>
            ) : null}
          </>
        ) : (
          text('PersistenceTimeout', 'Persistence timeout (s)', '0 turns session persistence off.')
        )}
      </>
    ),
    backends: (
      <BackendsStep
        state={state}
        set={set}
        backendServers={backendServers}
        groups={groups}
        error={errorFor('BackendServers') ?? errorFor('VServerGroupId')}
      />
    ),
    health: (
      <>
        {choice('HealthCheck', 'Health check', ['on', 'off'])}
        {state.HealthCheck !== 'off' ? (
          <>
            {text('HealthCheckInterval', 'Interval (s)', 'Time between two checks of one backend.')}
            {text('HealthyThreshold', 'Healthy threshold', 'Successes in a row before a backend counts as healthy.')}
            {text('UnhealthyThreshold', 'Unhealthy threshold', 'Failures in a row before a backend counts as unhealthy.')}
            {l7 ? text('HealthCheckTimeout', 'Timeout (s)') : text('HealthCheckConnectTimeout', 'Timeout (s)')}
            {l7 ? text('HealthCheckURI', 'Check path') : null}
          </>
        ) : null}
      </>
    ),
    traffic: (
      <>
        <label className="col-span-full flex items-center gap-2 text-sm">
          <input type="checkbox" checked={state.traffic} onChange={(e) => set({ traffic: e.target.checked })} />
          Send simulated clients to this listener (SimSetClientPopulation)
        </label>
        {state.traffic ? (
          <>
            {text('ConnectionsPerSecond', 'New connections per second')}
            {choice('ArrivalType', 'Arrivals', ['poisson', 'constant'])}
            {text('RequestBytes', 'Request bytes')}
            {text('ResponseBytes', 'Response bytes')}
            {text('Exchanges', 'Exchanges per connection')}
            {text('ClientIps', 'Client addresses')}
          </>
        ) : null}
      </>
    ),
    review: (
      <div className="col-span-full flex flex-col gap-2">
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={state.startNow} onChange={(e) => set({ startNow: e.target.checked })} />
          Start the listener now
        </label>
        <p className="text-xs text-slate-400">
          These requests will be sent, in this order. Each is shown as sent and as an aliyun CLI command.
        </p>
        <ol className="flex flex-col gap-2" aria-label="Requests to send">
          {wizardPlan(state, loadBalancerId).map((r, i) => (
            <RequestPreview key={r.action} action={r.action} params={r.params} purpose={r.purpose} index={i} />
          ))}
        </ol>
      </div>
    ),
  };

  const stepError =
    fault && fault.step === step && (fault.field === undefined || !shown[step].includes(fault.field)) ? fault.error : undefined;
  return (
    <section
      aria-label="Add listener"
      className="flex flex-col gap-3 rounded border border-slate-700 p-3"
      data-testid="add-listener-wizard"
      onKeyDown={(e) => e.key === 'Escape' && e.stopPropagation()}
    >
      <ol className="flex flex-wrap gap-1 text-xs" aria-label="Steps">
        {WIZARD_STEPS.map((s, i) => (
          <li key={s}>
            <button
              type="button"
              className={`rounded px-1.5 py-0.5 ${s === step ? 'bg-sky-700 text-white' : 'bg-slate-800 text-slate-300 hover:bg-slate-700'} ${fault?.step === s ? 'ring-1 ring-red-500' : ''}`}
              aria-current={s === step ? 'step' : undefined}
              onClick={() => goTo(s)}
            >
              {i + 1}. {STEP_TITLES[s]}
            </button>
          </li>
        ))}
      </ol>
      <fieldset className="grid grid-cols-2 gap-2" aria-labelledby={`wizard-step-${step}`}>
        <h3 id={`wizard-step-${step}`} tabIndex={-1} className="col-span-full text-sm font-semibold outline-none">
          Step {index + 1} of {WIZARD_STEPS.length}: {STEP_TITLES[step]}
        </h3>
        {body[step]}
      </fieldset>
      {stepError ? <ApiErrorText error={stepError} /> : null}
      {fault?.rollback ? (
        <p role="alert" className="text-xs text-amber-300" data-testid="wizard-rollback">
          {fault.rollback}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <button type="button" className={buttonClass} disabled={index === 0} onClick={() => goTo(WIZARD_STEPS[index - 1]!)}>
          {index === 0 ? 'Back' : `Back: ${STEP_TITLES[WIZARD_STEPS[index - 1]!]}`}
        </button>
        {step !== 'review' ? (
          <button type="button" className={primaryClass} onClick={() => goTo(WIZARD_STEPS[index + 1]!)}>
            Next: {STEP_TITLES[WIZARD_STEPS[index + 1]!]}
          </button>
        ) : (
          <button type="button" className={primaryClass} disabled={busy} onClick={() => void submit()}>
            {busy ? 'Sending…' : 'Create listener'}
          </button>
        )}
        <button type="button" className={buttonClass} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}

function BackendsStep({
  state,
  set,
  backendServers,
  groups,
  error,
}: {
  state: WizardState;
  set: (patch: Partial<WizardState>) => void;
  backendServers: readonly BackendServerView[];
  groups: { id: string; name: string }[] | SlbFailure | undefined;
  error: SlbFailure | undefined;
}) {
  const rows = state.newServers;
  const setRow = (i: number, patch: Partial<{ ServerId: string; Weight: string }>): void =>
    set({ newServers: rows.map((r, j) => (j === i ? { ...r, ...patch } : r)) });
  return (
    <div className="col-span-full flex flex-col gap-2">
      <div role="radiogroup" aria-label="Servers for this listener" className="flex flex-wrap gap-3 text-sm">
        <label className="flex items-center gap-1">
          <input
            type="radio"
            name="backend-mode"
            checked={state.backendMode === 'default'}
            onChange={() => set({ backendMode: 'default' })}
          />
          Default server group
        </label>
        <label className="flex items-center gap-1">
          <input
            type="radio"
            name="backend-mode"
            checked={state.backendMode === 'vserver'}
            onChange={() => set({ backendMode: 'vserver' })}
          />
          VServer group
        </label>
      </div>
      {state.backendMode === 'default' ? (
        <>
          <p className="text-xs text-slate-400">
            A listener without a VServer group forwards to every server of the instance’s default group, on the backend server port, by
            weight. In the group now:{' '}
            {backendServers.length === 0 ? 'none' : backendServers.map((s) => `${s.ServerId} (weight ${s.Weight})`).join(', ')}.
          </p>
          <fieldset className="flex flex-col gap-1" aria-describedby={error ? 'wizard-BackendServers-error' : undefined}>
            <legend className="text-xs text-slate-300">Servers to add to the default group (AddBackendServers)</legend>
            {rows.map((row, i) => (
              <div key={i} className="flex items-end gap-2" data-testid="new-server-row">
                <div className="flex-1">
                  <label className="text-xs text-slate-300" htmlFor={i === 0 ? 'wizard-BackendServers' : `wizard-server-${i}`}>
                    Server {i + 1} ECS instance ID
                  </label>
                  <input
                    id={i === 0 ? 'wizard-BackendServers' : `wizard-server-${i}`}
                    className="w-full rounded border border-slate-700 bg-slate-900 px-1.5 py-0.5 text-sm"
                    value={row.ServerId}
                    aria-invalid={error !== undefined}
                    onChange={(e) => setRow(i, { ServerId: e.target.value })}
                  />
                </div>
                <div className="w-20">
                  <label className="text-xs text-slate-300" htmlFor={`wizard-weight-${i}`}>
                    Server {i + 1} weight
                  </label>
                  <input
                    id={`wizard-weight-${i}`}
                    className="w-full rounded border border-slate-700 bg-slate-900 px-1.5 py-0.5 text-sm"
                    value={row.Weight}
                    onChange={(e) => setRow(i, { Weight: e.target.value })}
                  />
                </div>
                <button
                  type="button"
                  className={buttonClass}
                  aria-label={`Remove server ${i + 1} from the list`}
                  onClick={() => set({ newServers: rows.filter((_, j) => j !== i) })}
                >
                  Remove
                </button>
              </div>
            ))}
            <div>
              <button type="button" className={buttonClass} onClick={() => set({ newServers: [...rows, { ServerId: '', Weight: '100' }] })}>
                Add a server
              </button>
            </div>
          </fieldset>
          {error ? <ApiErrorText error={error} id="wizard-BackendServers-error" /> : null}
        </>
      ) : (
        <Field id={fieldId('VServerGroupId')} label="VServer group" error={error}>
          {(props) =>
            Array.isArray(groups) ? (
              <select {...props} value={state.VServerGroupId} onChange={(e) => set({ VServerGroupId: e.target.value })}>
                <option value="">(choose a group)</option>
                {groups.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.id} {g.name}
                  </option>
                ))}
              </select>
            ) : (
              <>
                <input {...props} value={state.VServerGroupId} onChange={(e) => set({ VServerGroupId: e.target.value })} />
                {groups && !Array.isArray(groups) ? <ApiErrorText error={groups} prefix="DescribeVServerGroups:" /> : null}
              </>
            )
          }
        </Field>
      )}
    </div>
  );
}
