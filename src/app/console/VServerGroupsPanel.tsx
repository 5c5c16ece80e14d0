import { useState, type FormEvent } from 'react';
import {
  DataTable,
  DeleteControl,
  deleteWithUndo,
  ReadState,
  RequestDetails,
  ResourceCard,
  useApiRead,
  useSubmit,
  type PanelProps,
  type Read,
} from './panel-kit';
import {
  errorField,
  knownInstances,
  parseGroupList,
  parseGroupServers,
  serverEntries,
  type GroupServer,
  type GroupView,
} from './panels-model';
import { jsonList, type Caller } from './requests';
import type { SlbFailure } from './slb-client';
import { ApiErrorText, buttonClass, Field, inputClass, primaryClass } from './ui';

/**
 * VServer groups: each group with its servers (DescribeVServerGroups, DescribeVServerGroupAttribute);
 * create (CreateVServerGroup), rename and set weights (SetVServerGroupAttribute), move a server to
 * another port (ModifyVServerGroupBackendServers), add and remove servers, delete (DeleteVServerGroup,
 * undone by creating the group again with the same name and servers: it gets a new ID).
 */

export async function loadGroups(loadBalancerId: string, call: Caller): Promise<Read<GroupView[]>> {
  const list = await call('DescribeVServerGroups', { LoadBalancerId: loadBalancerId, IncludeListener: true, IncludeRule: true });
  if (!list.ok) return { ok: false, error: list };
  const groups = parseGroupList(list.body);
  const details = await Promise.all(groups.map((g) => call('DescribeVServerGroupAttribute', { VServerGroupId: g.id })));
  const failed = details.find((d) => !d.ok);
  if (failed && !failed.ok) return { ok: false, error: failed };
  return {
    ok: true,
    value: groups.map((g, i) => {
      const detail = details[i];
      return { ...g, servers: detail?.ok ? parseGroupServers(detail.body) : [] };
    }),
  };
}

export function VServerGroupsPanel(props: PanelProps) {
  const { loadBalancerId, call, revision } = props;
  const { value: groups, error } = useApiRead(() => loadGroups(loadBalancerId, call), `${loadBalancerId}:${revision}`);
  const instances = knownInstances(props.view, groups ?? []);
  return (
    <div className="flex flex-col gap-3">
      <ReadState error={error} loading={groups === undefined} what="VServer groups">
        {groups?.length === 0 ? <p className="text-sm text-slate-400">The instance has no VServer groups.</p> : null}
        {groups?.map((g) => (
          <GroupCard key={`${g.id}:${revision}`} group={g} instances={instances} {...props} />
        ))}
      </ReadState>
      <datalist id="vsg-instances">
        {instances.map((id) => (
          <option key={id} value={id} />
        ))}
      </datalist>
      <CreateGroup instances={instances} {...props} />
    </div>
  );
}

function GroupCard({ group, instances, loadBalancerId, call, changed, notify }: PanelProps & { group: GroupView; instances: string[] }) {
  const [name, setName] = useState(group.name);
  const { error: nameError, send } = useSubmit(call);
  const rename = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const result = await send({ action: 'SetVServerGroupAttribute', params: { VServerGroupId: group.id, VServerGroupName: name } });
    if (!result) return;
    notify({ text: `Renamed ${group.id} to "${name}".`, tone: 'ok' });
    changed();
  };
  const remove = (): Promise<SlbFailure | undefined> =>
    deleteWithUndo({
      call,
      notify,
      changed,
      request: { action: 'DeleteVServerGroup', params: { VServerGroupId: group.id } },
      undo: {
        action: 'CreateVServerGroup',
        params: {
          LoadBalancerId: loadBalancerId,
          VServerGroupName: group.name,
          BackendServers: group.servers.length > 0 ? jsonList(serverEntries(group.servers)) : undefined,
        },
      },
      text: `Deleted VServer group ${group.id} (${group.name || 'no name'}).`,
      what: group.id,
    });
  const label = `VServer group ${group.id}`;
  return (
    <ResourceCard
      title={label}
      testId="vserver-group"
      id={group.id}
      actions={
        <DeleteControl
          name={group.id}
          question={`Delete ${group.id}? ${group.usedBy.length > 0 ? `It is used by ${group.usedBy.join(', ')}: the API will refuse. ` : ''}Undo creates it again with a new ID.`}
          onDelete={remove}
        />
      }
    >
      <form className="mb-2 flex items-end gap-2" onSubmit={(e) => void rename(e)} aria-label={`Rename ${group.id}`}>
        <div className="flex-1">
          <Field id={`vsg-name-${group.id}`} label={`Name of ${group.id}`} error={nameError}>
            {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
        </div>
        <button type="submit" className={buttonClass} disabled={name === group.name}>
          Rename
        </button>
      </form>
      {group.usedBy.length > 0 ? <p className="mb-1 text-xs text-slate-400">Used by {group.usedBy.join(', ')}</p> : null}
      <DataTable label={`Servers of ${group.id}`} columns={['Server', 'Port and weight']}>
        {group.servers.map((s) => (
          <GroupServerRow
            key={`${s.ServerId}:${s.Port}:${s.Weight}`}
            group={group}
            server={s}
            call={call}
            changed={changed}
            notify={notify}
          />
        ))}
      </DataTable>
      <AddGroupServer group={group} instances={instances} call={call} changed={changed} notify={notify} />
    </ResourceCard>
  );
}

type RowProps = Pick<PanelProps, 'call' | 'changed' | 'notify'> & { group: GroupView };

function GroupServerRow({ group, server, call, changed, notify }: RowProps & { server: GroupServer }) {
  const [port, setPort] = useState(server.Port);
  const [weight, setWeight] = useState(server.Weight);
  const { error, send } = useSubmit(call);
  const key = `${group.id}-${server.ServerId}-${server.Port}`;
  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const moved = port.trim() !== server.Port;
    const servers = jsonList(serverEntries([{ ServerId: server.ServerId, Port: port, Weight: weight }]));
    const result = await send(
      moved
        ? {
            action: 'ModifyVServerGroupBackendServers',
            params: {
              VServerGroupId: group.id,
              OldBackendServers: jsonList([{ ServerId: server.ServerId, Port: server.Port }]),
              NewBackendServers: servers,
            },
          }
        : { action: 'SetVServerGroupAttribute', params: { VServerGroupId: group.id, BackendServers: servers } },
    );
    if (!result) return;
    notify({ text: `${server.ServerId} in ${group.id} now listens on port ${port.trim()} with weight ${weight.trim()}.`, tone: 'ok' });
    changed();
  };
  const entry = jsonList(serverEntries([server]));
  const remove = (): Promise<SlbFailure | undefined> =>
    deleteWithUndo({
      call,
      notify,
      changed,
      request: { action: 'RemoveVServerGroupBackendServers', params: { VServerGroupId: group.id, BackendServers: entry } },
      undo: { action: 'AddVServerGroupBackendServers', params: { VServerGroupId: group.id, BackendServers: entry } },
      text: `Removed ${server.ServerId}:${server.Port} from ${group.id}.`,
      what: `${server.ServerId}:${server.Port}`,
      verb: 'remove',
    });
  const field = error ? errorField(error, ['Port', 'Weight'], 'Weight') : undefined;
  return (
    <tr
      className="border-t border-slate-800 align-top"
      data-testid="vsg-server"
      data-server={server.ServerId}
      data-port={server.Port}
      data-weight={server.Weight}
    >
      <th scope="row" className="py-1 pr-2 text-left font-mono">
        {server.ServerId}
        <span className="ml-1 text-xs text-slate-400">{server.ServerIp}</span>
      </th>
      <td className="pr-2">
        <form className="flex items-start gap-1" onSubmit={(e) => void save(e)} aria-label={`Change ${server.ServerId} in ${group.id}`}>
          {(
            [
              ['Port', port, setPort],
              ['Weight', weight, setWeight],
            ] as const
          ).map(([name, value, set]) => (
            <div key={name} className="w-20">
              <label htmlFor={`${key}-${name}`} className="sr-only">
                {name} of {server.ServerId} in {group.id}
              </label>
              <input
                id={`${key}-${name}`}
                className={inputClass}
                value={value}
                onChange={(e) => set(e.target.value)}
                aria-invalid={field === name}
                aria-describedby={field === name ? `${key}-error` : undefined}
              />
            </div>
          ))}
          <button
            type="submit"
            className={buttonClass}
            disabled={port === server.Port && weight === server.Weight}
            aria-label={`Save ${server.ServerId} in ${group.id}`}
          >
            Save
          </button>
        </form>
        {error ? <ApiErrorText error={error} id={`${key}-error`} /> : null}
      </td>
      <td className="py-1 text-right">
        <DeleteControl
          verb="Remove"
          name={`${server.ServerId}:${server.Port} from ${group.id}`}
          question={`Remove ${server.ServerId} (port ${server.Port}) from ${group.id}? You can undo this.`}
          onDelete={remove}
        />
      </td>
    </tr>
  );
}

/** Server, port and weight inputs shared by "add a server" and each row of "create a group". */
function ServerInputs({
  prefix,
  server,
  onChange,
  error,
}: {
  prefix: string;
  server: GroupServer;
  onChange: (s: GroupServer) => void;
  error: SlbFailure | undefined;
}) {
  const field = error ? errorField(error, ['ServerId', 'Port', 'Weight'], 'ServerId') : undefined;
  return (
    <>
      <div className="min-w-32 flex-1">
        <Field id={`${prefix}-server`} label="ECS instance ID" error={field === 'ServerId' ? error : undefined}>
          {(p) => (
            <input
              {...p}
              list="vsg-instances"
              value={server.ServerId}
              onChange={(e) => onChange({ ...server, ServerId: e.target.value })}
            />
          )}
        </Field>
      </div>
      <div className="w-20">
        <Field id={`${prefix}-port`} label="Port" error={field === 'Port' ? error : undefined}>
          {(p) => <input {...p} value={server.Port} onChange={(e) => onChange({ ...server, Port: e.target.value })} />}
        </Field>
      </div>
      <div className="w-20">
        <Field id={`${prefix}-weight`} label="Weight" error={field === 'Weight' ? error : undefined}>
          {(p) => <input {...p} value={server.Weight} onChange={(e) => onChange({ ...server, Weight: e.target.value })} />}
        </Field>
      </div>
    </>
  );
}

const blankServer = (ServerId = ''): GroupServer => ({ ServerId, Port: '80', Weight: '100', ServerIp: '' });

function AddGroupServer({ group, instances, call, changed, notify }: RowProps & { instances: string[] }) {
  const [server, setServer] = useState(blankServer());
  const { error, send } = useSubmit(call);
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const result = await send({
      action: 'AddVServerGroupBackendServers',
      params: {
        VServerGroupId: group.id,
        BackendServers: jsonList(serverEntries([server])),
      },
    });
    if (!result) return;
    notify({ text: `Added ${server.ServerId.trim()}:${server.Port.trim()} to ${group.id}.`, tone: 'ok' });
    setServer(blankServer());
    changed();
  };
  return (
    <form
      className="mt-2 flex flex-wrap items-end gap-2"
      onSubmit={(e) => void submit(e)}
      aria-label={`Add a server to ${group.id}`}
      title={instances.join(', ')}
    >
      <ServerInputs prefix={`vsg-add-${group.id}`} server={server} onChange={setServer} error={error} />
      <button type="submit" className={buttonClass}>
        Add server
      </button>
    </form>
  );
}

function CreateGroup({ loadBalancerId, instances, call, changed, notify }: PanelProps & { instances: string[] }) {
  const [name, setName] = useState('');
  const [servers, setServers] = useState<GroupServer[]>([blankServer(instances[0])]);
  const { error, busy, send } = useSubmit(call);
  const chosen = servers.filter((s) => s.ServerId.trim() !== '');
  const request = {
    action: 'CreateVServerGroup',
    params: {
      LoadBalancerId: loadBalancerId,
      VServerGroupName: name,
      BackendServers: chosen.length > 0 ? jsonList(serverEntries(chosen)) : undefined,
    },
  };
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const result = await send(request);
    if (!result) return;
    notify({
      text: `Created VServer group ${String(result.body['VServerGroupId'])} (${name || 'no name'}) with ${chosen.length} server(s).`,
      tone: 'ok',
    });
    setName('');
    setServers([blankServer(instances[0])]);
    changed();
  };
  const nameError =
    error && errorField(error, ['VServerGroupName', 'BackendServers'], 'BackendServers') === 'VServerGroupName' ? error : undefined;
  const serversError = error && !nameError ? error : undefined;
  /** The row an error names (`BackendServers[1].Port`), else the first. */
  const row = serversError ? Number(/\[(\d+)\]/.exec(serversError.message)?.[1] ?? 0) : -1;
  return (
    <form
      onSubmit={(e) => void submit(e)}
      aria-label="Create a VServer group"
      className="flex flex-col gap-2 rounded border border-slate-800 p-2"
    >
      <h3 className="text-sm font-semibold">Create a VServer group</h3>
      <Field id="vsg-new-name" label="Group name" error={nameError}>
        {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <fieldset className="flex flex-col gap-1">
        <legend className="text-xs text-slate-300">Servers (instances the load balancer already uses are suggested)</legend>
        {servers.map((s, i) => (
          <div key={i} className="flex flex-wrap items-end gap-2" role="group" aria-label={`Server ${i + 1}`}>
            <ServerInputs
              prefix={`vsg-new-${i}`}
              server={s}
              onChange={(next) => setServers(servers.map((x, j) => (j === i ? next : x)))}
              error={i === row ? serversError : undefined}
            />
            <button
              type="button"
              className={buttonClass}
              aria-label={`Drop server ${i + 1}`}
              onClick={() => setServers(servers.filter((_, j) => j !== i))}
            >
              ×
            </button>
          </div>
        ))}
        <div>
          <button type="button" className={buttonClass} onClick={() => setServers([...servers, blankServer()])}>
            Another server
          </button>
        </div>
      </fieldset>
      <div>
        <button type="submit" className={primaryClass} disabled={busy}>
          Create group
        </button>
      </div>
      <RequestDetails request={request} purpose="create the group with its servers" />
    </form>
  );
}
