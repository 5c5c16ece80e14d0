import { useEffect, useState, type FormEvent } from 'react';
import { loadPopulations } from './instance';
import { RequestDetails, type PanelProps } from './panel-kit';
import { POPULATION_PARAMS, populationParams, type Caller, type Population, type Protocol } from './requests';
import type { SlbFailure } from './slb-client';
import { ApiErrorText, Confirm, dangerClass, Field, failureText, primaryClass, type Notice } from './ui';

/**
 * What the form edits: rate, arrival pattern, sizes, keep-alive (exchanges per connection and the
 * think time between them) and client count; HTTP/HTTPS listeners also their request mix (`Http`).
 * A new population may be given its ID. The request mix of an existing population is shown but
 * fixed: the running engine keeps it for the whole run (the API refuses a change), so a new mix
 * goes to a population under a new ID.
 */
const COMMON = [...POPULATION_PARAMS.filter((p) => p !== 'ListenerPort'), 'ThinkTimeMs'] as const;
function fieldsOf(protocol: Protocol, isNew: boolean): readonly string[] {
  const http = protocol === 'http' || protocol === 'https' ? ['Http'] : [];
  return isNew ? ['PopulationId', ...COMMON, ...http] : [...COMMON, ...http];
}
const LABELS: Readonly<Record<string, string>> = {
  ConnectionsPerSecond: 'New connections per second',
  ArrivalType: 'Arrivals',
  RequestBytes: 'Request bytes',
  ResponseBytes: 'Response bytes',
  Exchanges: 'Exchanges per connection',
  ClientIps: 'Client addresses',
  ThinkTimeMs: 'Think time between exchanges (ms)',
  Http: 'Request mix (Http, JSON)',
  PopulationId: 'Population ID (optional)',
};
const NEW_MIX_HINT = 'e.g. {"mix":[{"weight":3,"path":"/api/*"},{"weight":1,"method":"POST","path":"/upload"}]}; empty: GET / only';
const FIXED_MIX_HINT = 'Fixed while the run lasts. For another mix, remove this population and send clients under a new Population ID.';

/**
 * The simulator's clients per listener: SimDescribeClientPopulations, changed with
 * SimSetClientPopulation, removed (with confirmation and Undo) with SimDeleteClientPopulation.
 */
export function TrafficPanel({ loadBalancerId, view, call, changed, notify, revision }: PanelProps) {
  const [answer, setAnswer] = useState<{ revision: number; populations: Population[] } | { revision: number; error: SlbFailure }>();
  useEffect(() => {
    let live = true;
    void loadPopulations(loadBalancerId, call).then((r) => {
      if (live) setAnswer(r.ok ? { revision, populations: r.populations } : { revision, error: r.error });
    });
    return () => {
      live = false;
    };
  }, [loadBalancerId, call, revision]);

  if (!answer || answer.revision !== revision)
    return (
      <p role="status" className="text-sm text-slate-400">
        Loading client populations…
      </p>
    );
  if ('error' in answer) return <ApiErrorText error={answer.error} prefix="SimDescribeClientPopulations:" />;
  const withTraffic = new Set(answer.populations.map((p) => Number(p['ListenerPort'])));
  return (
    <div className="flex flex-col gap-3">
      {view.listeners.map((listener) => {
        const populations = answer.populations.filter((p) => Number(p['ListenerPort']) === listener.port);
        return (
          <section
            key={listener.port}
            aria-label={`Traffic to ${listener.protocol.toUpperCase()} :${listener.port}`}
            className="rounded border border-slate-800 p-2"
            data-testid="traffic-listener"
            data-port={listener.port}
          >
            <h3 className="text-sm font-semibold">
              {listener.protocol.toUpperCase()} :{listener.port}
            </h3>
            {populations.length === 0 ? <p className="text-xs text-slate-400">No simulated clients.</p> : null}
            {(populations.length > 0 ? populations : [undefined]).map((population, i) => (
              <PopulationForm
                key={`${String(population?.['PopulationId'] ?? i)}-${revision}`}
                loadBalancerId={loadBalancerId}
                port={listener.port}
                protocol={listener.protocol}
                population={population}
                call={call}
                changed={changed}
                notify={notify}
              />
            ))}
          </section>
        );
      })}
      {answer.populations
        .filter((p) => !view.listeners.some((l) => l.port === Number(p['ListenerPort'])))
        .map((p, i) => (
          <p key={i} className="text-xs text-amber-300">
            A population targets port {String(p['ListenerPort'])}, where the instance has no listener.
          </p>
        ))}
      {withTraffic.size === 0 && view.listeners.length === 0 ? <p className="text-sm text-slate-400">Add a listener first.</p> : null}
    </div>
  );
}

function PopulationForm({
  loadBalancerId,
  port,
  protocol,
  population,
  call,
  changed,
  notify,
}: {
  loadBalancerId: string;
  port: number;
  protocol: Protocol;
  population: Population | undefined;
  call: Caller;
  changed: () => void;
  notify: (notice: Notice) => void;
}) {
  const editable = fieldsOf(protocol, population === undefined);
  const initial = Object.fromEntries(editable.map((n) => [n, population?.[n] === undefined ? '' : String(population[n])]));
  const [values, setValues] = useState<Record<string, string>>(initial);
  const [error, setError] = useState<SlbFailure | undefined>();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const populationId = population?.['PopulationId'] === undefined ? undefined : String(population['PopulationId']);
  const idOf = (name: string): string => `traffic-${populationId ?? port}-${name}`;
  const title = populationId ? `population ${populationId}` : `:${port}`;

  // SimSetClientPopulation replaces the population whole: send what it has, with the edits on top.
  const params: Record<string, string | undefined> = population
    ? populationParams(loadBalancerId, population)
    : { LoadBalancerId: loadBalancerId, ListenerPort: String(port) };
  for (const n of editable) params[n] = values[n]!.trim() === '' ? undefined : values[n]!.trim();

  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    const result = await call('SimSetClientPopulation', params);
    setBusy(false);
    if (!result.ok) {
      setError(result);
      const field = editable.find((n) => n.toLowerCase() === result.parameter?.toLowerCase());
      if (field) document.getElementById(idOf(field))?.focus();
      return;
    }
    setError(undefined);
    notify({ text: `Clients of ${title} set.`, tone: 'ok' });
    changed();
  };

  const remove = async (): Promise<void> => {
    if (!population) return;
    setBusy(true);
    const result = await call('SimDeleteClientPopulation', { LoadBalancerId: loadBalancerId, PopulationId: populationId });
    setBusy(false);
    if (!result.ok) {
      setError(result);
      return;
    }
    setConfirming(false);
    const restore = populationParams(loadBalancerId, population);
    notify({
      text: `Removed the simulated clients of ${title} (port ${port}).`,
      tone: 'ok',
      undo: {
        label: `Undo remove ${title}`,
        run: async () => {
          const back = await call('SimSetClientPopulation', restore);
          notify(
            back.ok
              ? { text: `Restored the clients of ${title}.`, tone: 'ok' }
              : { text: `Could not restore the clients of ${title}: ${failureText(back)}`, tone: 'error' },
          );
          changed();
        },
      },
    });
    changed();
  };

  const fieldError = (name: string): SlbFailure | undefined =>
    error && error.parameter?.toLowerCase() === name.toLowerCase() ? error : undefined;
  const general = error && !editable.some((n) => fieldError(n)) ? error : undefined;
  return (
    <form
      onSubmit={(e) => void save(e)}
      aria-label={`Clients of ${title}`}
      className="mt-1 flex flex-col gap-2"
      data-testid="population-form"
    >
      <div className="grid grid-cols-3 gap-2">
        {editable.map((name) => (
          <div key={name} className={name === 'Http' ? 'col-span-3' : undefined}>
            <Field
              id={idOf(name)}
              label={LABELS[name] ?? name}
              hint={name === 'Http' ? (population ? FIXED_MIX_HINT : NEW_MIX_HINT) : name === 'PopulationId' ? `empty: clients-${port}` : undefined}
              error={fieldError(name)}
            >
              {(props) =>
                name === 'Http' ? (
                  <textarea
                    {...props}
                    rows={2}
                    spellCheck={false}
                    readOnly={population !== undefined}
                    value={values[name] ?? ''}
                    onChange={(e) => setValues({ ...values, [name]: e.target.value })}
                  />
                ) : (
                  <input {...props} value={values[name] ?? ''} onChange={(e) => setValues({ ...values, [name]: e.target.value })} />
                )
              }
            </Field>
          </div>
        ))}
      </div>
      {general ? <ApiErrorText error={general} /> : null}
      <RequestDetails request={{ action: 'SimSetClientPopulation', params }} purpose={`set the simulated clients of ${title}`} />
      <div className="flex gap-2">
        <button type="submit" className={primaryClass} disabled={busy}>
          {population ? `Save ${title}` : `Send clients to :${port}`}
        </button>
        {population ? (
          <button type="button" className={dangerClass} disabled={busy} onClick={() => setConfirming(true)}>
            Remove {title}
          </button>
        ) : null}
      </div>
      {confirming ? (
        <Confirm
          question={`Remove the simulated clients of ${title}? Connections already open run to their end. You can undo this.`}
          confirmLabel={`Confirm: remove ${title}`}
          busy={busy}
          onConfirm={() => void remove()}
          onCancel={() => setConfirming(false)}
        />
      ) : null}
    </form>
  );
}
