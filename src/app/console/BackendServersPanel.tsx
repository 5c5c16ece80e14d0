import { useState, type FormEvent } from 'react';
import type { BackendServerView, InstanceView } from './instance';
import { DataTable, RequestDetails } from './panel-kit';
import { jsonList, type Caller } from './requests';
import type { SlbFailure } from './slb-client';
import { ApiErrorText, buttonClass, Confirm, dangerClass, Field, failureText, inputClass, primaryClass, type Notice } from './ui';

/**
 * The instance's default server group: each server's weight (SetBackendServers), removal with
 * confirmation and Undo (RemoveBackendServers, undone by AddBackendServers), and adding servers.
 */
export function BackendServersPanel({
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
  return (
    <div className="flex flex-col gap-3">
      {view.backendServers.length === 0 ? (
        <p className="text-sm text-slate-400">The default server group is empty.</p>
      ) : (
        <DataTable label="Backend servers" columns={['Server', 'Address', 'Weight']}>
          {view.backendServers.map((server) => (
            <ServerRow
              key={server.ServerId}
              loadBalancerId={loadBalancerId}
              server={server}
              call={call}
              changed={changed}
              notify={notify}
            />
          ))}
        </DataTable>
      )}
      <AddServers loadBalancerId={loadBalancerId} call={call} changed={changed} notify={notify} />
    </div>
  );
}

function ServerRow({
  loadBalancerId,
  server,
  call,
  changed,
  notify,
}: {
  loadBalancerId: string;
  server: BackendServerView;
  call: Caller;
  changed: () => void;
  notify: (notice: Notice) => void;
}) {
  const [weight, setWeight] = useState(server.Weight);
  // A refresh with a new weight resets the field, but keeps the row (and a pending Remove confirmation):
  // remounting it dropped a confirmation clicked while the list refetched after a save.
  const [shownWeight, setShownWeight] = useState(server.Weight);
  if (server.Weight !== shownWeight) {
    setShownWeight(server.Weight);
    setWeight(server.Weight);
  }
  const [error, setError] = useState<SlbFailure | undefined>();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const weightId = `weight-${server.ServerId}`;

  const setWeightRequest = {
    action: 'SetBackendServers',
    params: { LoadBalancerId: loadBalancerId, BackendServers: jsonList([{ ServerId: server.ServerId, Weight: weight.trim() }]) },
  };
  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    const result = await call(setWeightRequest.action, setWeightRequest.params);
    setBusy(false);
    if (!result.ok) {
      setError(result);
      document.getElementById(weightId)?.focus();
      return;
    }
    setError(undefined);
    notify({ text: `Weight of ${server.ServerId} is now ${weight.trim()} (was ${server.Weight}).`, tone: 'ok' });
    changed();
  };

  const remove = async (): Promise<void> => {
    setBusy(true);
    const entry = { ServerId: server.ServerId, Weight: server.Weight || undefined };
    const result = await call('RemoveBackendServers', {
      LoadBalancerId: loadBalancerId,
      BackendServers: jsonList([{ ServerId: server.ServerId }]),
    });
    setBusy(false);
    if (!result.ok) {
      setError(result);
      return;
    }
    setConfirming(false);
    notify({
      text: `Removed ${server.ServerId} from the default server group.`,
      tone: 'ok',
      undo: {
        label: `Undo remove ${server.ServerId}`,
        run: async () => {
          const back = await call('AddBackendServers', { LoadBalancerId: loadBalancerId, BackendServers: jsonList([entry]) });
          notify(
            back.ok
              ? { text: `Added ${server.ServerId} back with weight ${server.Weight}.`, tone: 'ok' }
              : { text: `Could not add ${server.ServerId} back: ${failureText(back)}`, tone: 'error' },
          );
          changed();
        },
      },
    });
    changed();
  };

  const weightError =
    error && (error.parameter === undefined || /weight|BackendServers/i.test(error.parameter)) && error.code !== 'InvalidServerId.NotFound'
      ? error
      : undefined;
  return (
    <>
      <tr className="border-t border-slate-800 align-top" data-testid="backend-row" data-server={server.ServerId}>
        <th scope="row" className="py-1 pr-2 text-left font-mono">
          {server.ServerId}
          <span className="ml-1 text-xs text-slate-400">{server.Type}</span>
        </th>
        <td className="pr-2 font-mono text-xs">{server.ServerIp}</td>
        <td className="pr-2">
          <form className="flex items-start gap-1" onSubmit={(e) => void save(e)} aria-label={`Set the weight of ${server.ServerId}`}>
            <div className="w-20">
              <label htmlFor={weightId} className="sr-only">
                Weight of {server.ServerId}
              </label>
              <input
                id={weightId}
                className={inputClass}
                value={weight}
                onChange={(e) => setWeight(e.target.value)}
                aria-invalid={weightError !== undefined}
                aria-describedby={weightError ? `${weightId}-error` : undefined}
              />
            </div>
            <button
              type="submit"
              className={buttonClass}
              disabled={busy || weight === server.Weight}
              aria-label={`Save weight of ${server.ServerId}`}
            >
              Save
            </button>
          </form>
        </td>
        <td className="py-1 text-right">
          <button
            type="button"
            className={dangerClass}
            disabled={busy}
            onClick={() => setConfirming(true)}
            aria-label={`Remove ${server.ServerId}`}
          >
            Remove
          </button>
        </td>
      </tr>
      {error || confirming || weight !== server.Weight ? (
        <tr>
          <td colSpan={4} className="pb-2">
            {error ? <ApiErrorText error={error} id={weightError ? `${weightId}-error` : undefined} /> : null}
            {weight !== server.Weight ? <RequestDetails request={setWeightRequest} purpose={`set the weight of ${server.ServerId}`} /> : null}
            {confirming ? (
              <Confirm
                question={`Remove ${server.ServerId} from the default server group? Every listener without a VServer group stops sending to it. You can undo this.`}
                confirmLabel={`Confirm: remove ${server.ServerId}`}
                busy={busy}
                onConfirm={() => void remove()}
                onCancel={() => setConfirming(false)}
              />
            ) : null}
          </td>
        </tr>
      ) : null}
    </>
  );
}

function AddServers({
  loadBalancerId,
  call,
  changed,
  notify,
}: {
  loadBalancerId: string;
  call: Caller;
  changed: () => void;
  notify: (notice: Notice) => void;
}) {
  const [serverId, setServerId] = useState('');
  const [weight, setWeight] = useState('100');
  const [error, setError] = useState<SlbFailure | undefined>();
  const [busy, setBusy] = useState(false);
  const request = {
    action: 'AddBackendServers',
    params: { LoadBalancerId: loadBalancerId, BackendServers: jsonList([{ ServerId: serverId.trim(), Weight: weight.trim() || undefined }]) },
  };
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    const result = await call(request.action, request.params);
    setBusy(false);
    if (!result.ok) {
      setError(result);
      document.getElementById(/weight/i.test(result.parameter ?? '') ? 'add-server-weight' : 'add-server-id')?.focus();
      return;
    }
    setError(undefined);
    notify({ text: `Added ${serverId.trim()} to the default server group.`, tone: 'ok' });
    setServerId('');
    changed();
  };
  const weightError = error && /weight/i.test(error.parameter ?? '') ? error : undefined;
  return (
    <form
      onSubmit={(e) => void submit(e)}
      aria-label="Add a backend server"
      className="flex flex-wrap items-end gap-2 rounded border border-slate-800 p-2"
    >
      <div className="min-w-40 flex-1">
        <Field id="add-server-id" label="ECS instance ID" error={weightError ? undefined : error}>
          {(props) => <input {...props} value={serverId} onChange={(e) => setServerId(e.target.value)} />}
        </Field>
      </div>
      <div className="w-24">
        <Field id="add-server-weight" label="Weight" error={weightError}>
          {(props) => <input {...props} value={weight} onChange={(e) => setWeight(e.target.value)} />}
        </Field>
      </div>
      <button type="submit" className={primaryClass} disabled={busy}>
        Add server
      </button>
      <div className="basis-full">
        <RequestDetails request={request} purpose="attach the ECS instance to the default server group" />
      </div>
    </form>
  );
}
