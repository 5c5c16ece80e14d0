import { useState, type FormEvent } from 'react';
import { useSimStore } from '../store';
import {
  BLANK_CREATE,
  createParams,
  nextManaged,
  parseInstances,
  scopeWith,
  SPECS,
  type CreateForm,
  type InstanceRow,
} from './instances-model';
import { DataTable, DeleteControl, ReadState, RequestDetails, useApiRead, useSubmit, type PanelProps, type Read } from './panel-kit';
import { errorField } from './panels-model';
import type { Caller } from './requests';
import type { SlbFailure } from './slb-client';
import { ApiErrorText, buttonClass, Field, primaryClass } from './ui';

/**
 * The region's load balancers (DescribeLoadBalancers): which one the console manages, Create
 * instance (CreateLoadBalancer) and Delete (DeleteLoadBalancer, asked first). No API call brings
 * a deleted instance back with its id, so Undo (when the host offers `undoDelete`) takes the
 * deletion out of the run's journal: the run replays as if it had never been made.
 */

async function loadRegion(regionId: string, call: Caller): Promise<Read<InstanceRow[]>> {
  const answer = await call('DescribeLoadBalancers', { RegionId: regionId, PageSize: 100 });
  return answer.ok ? { ok: true, value: parseInstances(answer.body) } : { ok: false, error: answer };
}

/** Makes the console manage another instance of the region (everything in it asks again). */
function manage(loadBalancerId: string): void {
  useSimStore.setState((s) => {
    const next = scopeWith(s.consoleScope, loadBalancerId);
    return next === s.consoleScope ? {} : { consoleScope: next };
  });
}

export function InstancesPanel(props: PanelProps & { regionId: string; undoDelete?: (() => Promise<void>) | undefined }) {
  const { regionId, loadBalancerId, call, changed, notify, revision, undoDelete } = props;
  const { value: rows, error } = useApiRead(() => loadRegion(regionId, call), `${regionId}:${revision}`);
  const remove = async (row: InstanceRow): Promise<SlbFailure | undefined> => {
    const result = await call('DeleteLoadBalancer', { LoadBalancerId: row.LoadBalancerId });
    if (!result.ok) return result;
    const next = nextManaged(rows ?? [], loadBalancerId, row.LoadBalancerId);
    const undo = undoDelete
      ? {
          label: 'Undo',
          run: async () => {
            await undoDelete();
            if (next !== loadBalancerId) manage(loadBalancerId);
            changed();
          },
        }
      : undefined;
    notify({ text: `Deleted load balancer ${row.LoadBalancerId} (${row.LoadBalancerName || 'no name'}).`, tone: 'ok', undo });
    if (next !== undefined && next !== loadBalancerId) manage(next);
    changed();
    return undefined;
  };
  return (
    <div className="flex flex-col gap-3">
      <ReadState error={error} loading={rows === undefined} what={`the load balancers of ${regionId}`}>
        {rows?.length === 0 ? <p className="text-sm text-slate-400">No load balancers in {regionId}.</p> : null}
        {rows && rows.length > 0 ? (
          <DataTable
            label={`Load balancers in ${regionId}`}
            className="text-xs"
            columns={['Name and ID', 'Address', 'Specification', 'Status', 'Console']}
          >
            {rows.map((row) => {
              const managed = row.LoadBalancerId === loadBalancerId;
              return (
                <tr
                  key={row.LoadBalancerId}
                  className="border-t border-slate-800 align-top"
                  data-testid="instance-row"
                  data-id={row.LoadBalancerId}
                  data-managed={managed}
                >
                  <th scope="row" className="py-1 pr-2 text-left font-normal">
                    <span className="font-semibold">{row.LoadBalancerName || '(no name)'}</span>
                    <br />
                    <span className="font-mono">{row.LoadBalancerId}</span>
                  </th>
                  <td className="pr-2 font-mono">
                    {row.Address} <span className="text-slate-400">{row.AddressType}</span>
                  </td>
                  <td className="pr-2 font-mono">{row.LoadBalancerSpec}</td>
                  <td className="pr-2">{row.LoadBalancerStatus}</td>
                  <td className="pr-2">
                    {managed ? (
                      <span className="text-emerald-300">Managed here</span>
                    ) : (
                      <button
                        type="button"
                        className={buttonClass}
                        aria-label={`Manage ${row.LoadBalancerId}`}
                        onClick={() => manage(row.LoadBalancerId)}
                      >
                        Manage
                      </button>
                    )}
                  </td>
                  <td className="py-1 text-right">
                    <DeleteControl
                      name={row.LoadBalancerId}
                      question={`Delete load balancer ${row.LoadBalancerId} with its listeners, attachments and server groups?`}
                      onDelete={() => remove(row)}
                    />
                  </td>
                </tr>
              );
            })}
          </DataTable>
        ) : null}
      </ReadState>
      <CreateInstance regionId={regionId} call={call} changed={changed} notify={notify} />
    </div>
  );
}

const FIELDS = ['LoadBalancerName', 'AddressType', 'LoadBalancerSpec', 'InternetChargeType', 'Bandwidth', 'form'] as const;

function CreateInstance({ regionId, call, changed, notify }: Pick<PanelProps, 'call' | 'changed' | 'notify'> & { regionId: string }) {
  const [form, setForm] = useState<CreateForm>(BLANK_CREATE);
  const { error, busy, send } = useSubmit(call);
  const request = { action: 'CreateLoadBalancer', params: createParams(regionId, form) };
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const result = await send(request);
    if (!result) return;
    notify({
      text: `Created load balancer ${String(result.body['LoadBalancerId'])} in ${regionId}: choose Manage to configure it.`,
      tone: 'ok',
    });
    setForm(BLANK_CREATE);
    changed();
  };
  // An error naming no field (OverQuota, …) shows under the whole form.
  const field = error ? errorField(error, FIELDS, 'form') : undefined;
  const errorOf = (name: (typeof FIELDS)[number]): SlbFailure | undefined => (field === name ? error : undefined);
  const set = (patch: Partial<CreateForm>): void => setForm({ ...form, ...patch });
  const internet = form.AddressType === 'internet';
  return (
    <form
      onSubmit={(e) => void submit(e)}
      aria-label="Create a load balancer"
      className="flex flex-col gap-2 rounded border border-slate-800 p-2"
    >
      <h3 className="text-sm font-semibold">Create instance in {regionId}</h3>
      <div className="grid grid-cols-2 gap-2">
        <Field id="lb-new-LoadBalancerName" label="Instance name" hint="optional" error={errorOf('LoadBalancerName')}>
          {(p) => <input {...p} value={form.LoadBalancerName} onChange={(e) => set({ LoadBalancerName: e.target.value })} />}
        </Field>
        <Field id="lb-new-AddressType" label="Address type" error={errorOf('AddressType')}>
          {(p) => (
            <select {...p} value={form.AddressType} onChange={(e) => set({ AddressType: e.target.value as CreateForm['AddressType'] })}>
              <option value="internet">internet (public address)</option>
              <option value="intranet">intranet (VPC address)</option>
            </select>
          )}
        </Field>
        <Field id="lb-new-LoadBalancerSpec" label="Specification" error={errorOf('LoadBalancerSpec')}>
          {(p) => (
            <select {...p} value={form.LoadBalancerSpec} onChange={(e) => set({ LoadBalancerSpec: e.target.value })}>
              {SPECS.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          )}
        </Field>
        {internet ? (
          <Field id="lb-new-InternetChargeType" label="Internet charge" error={errorOf('InternetChargeType')}>
            {(p) => (
              <select
                {...p}
                value={form.InternetChargeType}
                onChange={(e) => set({ InternetChargeType: e.target.value as CreateForm['InternetChargeType'] })}
              >
                <option value="paybytraffic">pay by traffic</option>
                <option value="paybybandwidth">pay by bandwidth</option>
              </select>
            )}
          </Field>
        ) : null}
        {internet && form.InternetChargeType === 'paybybandwidth' ? (
          <Field id="lb-new-Bandwidth" label="Bandwidth (Mbit/s)" hint="1–5120" error={errorOf('Bandwidth')}>
            {(p) => <input {...p} value={form.Bandwidth} onChange={(e) => set({ Bandwidth: e.target.value })} />}
          </Field>
        ) : null}
      </div>
      {errorOf('form') ? <ApiErrorText error={error!} /> : null}
      <div>
        <button type="submit" className={primaryClass} disabled={busy}>
          Create instance
        </button>
      </div>
      <RequestDetails request={request} purpose={`create a load balancer in ${regionId}`} />
    </form>
  );
}
