import { useState, type FormEvent, type SelectHTMLAttributes } from 'react';
import {
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
import { errorField, parseGroupList, parseRules, ruleEntry, ruleListeners, type RuleView } from './panels-model';
import { jsonList, type Caller } from './requests';
import type { SlbFailure, SlbRequest } from './slb-client';
import { ApiErrorText, buttonClass, Field, inputClass, primaryClass } from './ui';

/**
 * Forwarding rules of each HTTP/HTTPS listener (DescribeRules): create (CreateRules, the API checks
 * every field and its error shows next to the field at fault), rename or point at another VServer
 * group (SetRule), delete (DeleteRules, undone by CreateRules with the same fields: a new RuleId).
 */

type Listener = { protocol: 'http' | 'https'; port: number };
interface RulesRead {
  rules: Map<number, Read<RuleView[]>>;
  groups: { id: string; name: string }[];
}

const RULE_FIELDS = ['RuleName', 'Domain', 'Url', 'VServerGroupId'] as const;
type RuleField = (typeof RULE_FIELDS)[number];
const RULE_ERRORS: Record<string, RuleField> = { DomainMalformed: 'Domain', UrlMalformed: 'Url', DomainExist: 'Domain' };

async function loadRules(loadBalancerId: string, listeners: readonly Listener[], call: Caller): Promise<Read<RulesRead>> {
  const groups = await call('DescribeVServerGroups', { LoadBalancerId: loadBalancerId });
  if (!groups.ok) return { ok: false, error: groups };
  const answers = await Promise.all(
    listeners.map((l) => call('DescribeRules', { LoadBalancerId: loadBalancerId, ListenerPort: l.port, ListenerProtocol: l.protocol })),
  );
  const rules = new Map<number, Read<RuleView[]>>();
  listeners.forEach((l, i) => {
    const a = answers[i]!;
    rules.set(l.port, a.ok ? { ok: true, value: parseRules(a.body) } : { ok: false, error: a });
  });
  return { ok: true, value: { rules, groups: parseGroupList(groups.body).map(({ id, name }) => ({ id, name })) } };
}

export function RulesPanel(props: PanelProps) {
  const { loadBalancerId, view, call, revision } = props;
  const listeners = ruleListeners(view);
  const key = `${loadBalancerId}:${revision}:${listeners.map((l) => l.port).join(',')}`;
  const { value, error } = useApiRead(() => loadRules(loadBalancerId, listeners, call), key);
  if (listeners.length === 0) {
    return (
      <p className="text-sm text-slate-400" data-testid="no-rule-listeners">
        Forwarding rules belong to HTTP and HTTPS listeners, and this instance has none. Add an HTTP or HTTPS listener first.
      </p>
    );
  }
  return (
    <div className="flex flex-col gap-3">
      <ReadState error={error} loading={value === undefined} what="forwarding rules">
        {value
          ? listeners.map((l) => {
              const read = value.rules.get(l.port);
              return (
                <ResourceCard
                  key={`${l.port}:${revision}`}
                  title={`${l.protocol.toUpperCase()}:${l.port}`}
                  testId="rule-listener"
                  id={String(l.port)}
                >
                  {read && !read.ok ? <ApiErrorText error={read.error} prefix="DescribeRules:" /> : null}
                  {read?.ok && read.value.length === 0 ? (
                    <p className="text-xs text-slate-400">No forwarding rules: the listener sends everything to its default group.</p>
                  ) : null}
                  {read?.ok ? (
                    <ul className="flex flex-col gap-1" aria-label={`Forwarding rules of ${l.protocol.toUpperCase()}:${l.port}`}>
                      {read.value.map((r) => (
                        <RuleRow key={r.RuleId} rule={r} listener={l} groups={value.groups} {...props} />
                      ))}
                    </ul>
                  ) : null}
                  <CreateRule listener={l} groups={value.groups} {...props} />
                </ResourceCard>
              );
            })
          : null}
      </ReadState>
    </div>
  );
}

/** CreateRules for one rule of the listener (a new rule, or a deleted one brought back). */
function createRulesRequest(loadBalancerId: string, listener: Listener, rule: Omit<RuleView, 'RuleId'>): SlbRequest {
  return {
    action: 'CreateRules',
    params: {
      LoadBalancerId: loadBalancerId,
      ListenerPort: listener.port,
      ListenerProtocol: listener.protocol,
      RuleList: jsonList([ruleEntry(rule)]),
    },
  };
}

type RuleProps = PanelProps & { listener: Listener; groups: RulesRead['groups'] };

function GroupSelect({ groups, ...p }: { groups: RulesRead['groups'] } & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <select {...p}>
      <option value="">Choose a group…</option>
      {groups.map((g) => (
        <option key={g.id} value={g.id}>
          {g.id}
          {g.name ? ` (${g.name})` : ''}
        </option>
      ))}
    </select>
  );
}

function RuleRow({ rule, listener, groups, loadBalancerId, call, changed, notify }: RuleProps & { rule: RuleView }) {
  const [name, setName] = useState(rule.RuleName);
  const [group, setGroup] = useState(rule.VServerGroupId);
  const { error, send } = useSubmit(call);
  const prefix = `rule-${rule.RuleId}`;
  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const result = await send({
      action: 'SetRule',
      params: {
        RuleId: rule.RuleId,
        RuleName: name === rule.RuleName ? undefined : name,
        VServerGroupId: group === rule.VServerGroupId ? undefined : group,
      },
    });
    if (!result) return;
    notify({ text: `Rule ${rule.RuleId} is now "${name}" → ${group}.`, tone: 'ok' });
    changed();
  };
  const remove = (): Promise<SlbFailure | undefined> =>
    deleteWithUndo({
      call,
      notify,
      changed,
      request: { action: 'DeleteRules', params: { RuleIds: JSON.stringify([rule.RuleId]) } },
      undo: createRulesRequest(loadBalancerId, listener, rule),
      text: `Deleted rule ${rule.RuleName} (${rule.RuleId}) of ${listener.protocol.toUpperCase()}:${listener.port}.`,
      what: `rule ${rule.RuleName}`,
    });
  const field = error ? errorField(error, ['RuleName', 'VServerGroupId'] as const, 'RuleName') : undefined;
  return (
    <li
      className="rounded border border-slate-800 p-1.5"
      data-testid="rule-row"
      data-rule={rule.RuleId}
      data-name={rule.RuleName}
      data-url={rule.Url}
      data-group={rule.VServerGroupId}
    >
      <div className="flex items-start gap-2">
        <p className="min-w-0 flex-1 font-mono text-xs">
          {rule.RuleId}: {rule.Domain || '*'}
          {rule.Url || ''} → {rule.VServerGroupId}
        </p>
        <DeleteControl
          name={`rule ${rule.RuleName}`}
          question={`Delete the rule ${rule.RuleName} (${rule.RuleId})? Undo creates it again with a new ID.`}
          onDelete={remove}
        />
      </div>
      <form className="mt-1 flex flex-wrap items-end gap-2" onSubmit={(e) => void save(e)} aria-label={`Edit rule ${rule.RuleName}`}>
        <div className="flex-1">
          <Field id={`${prefix}-name`} label={`Name of ${rule.RuleId}`} error={field === 'RuleName' ? error : undefined}>
            {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
        </div>
        <div className="flex-1">
          <Field id={`${prefix}-group`} label={`VServer group of ${rule.RuleId}`} error={field === 'VServerGroupId' ? error : undefined}>
            {(p) => <GroupSelect {...p} groups={groups} value={group} onChange={(e) => setGroup(e.target.value)} />}
          </Field>
        </div>
        <button
          type="submit"
          className={buttonClass}
          disabled={name === rule.RuleName && group === rule.VServerGroupId}
          aria-label={`Save rule ${rule.RuleName}`}
        >
          Save
        </button>
      </form>
    </li>
  );
}

function CreateRule({ listener, groups, loadBalancerId, call, changed, notify }: RuleProps) {
  const blank = { RuleName: '', Domain: '', Url: '', VServerGroupId: groups[0]?.id ?? '' };
  const [rule, setRule] = useState<Omit<RuleView, 'RuleId'>>(blank);
  const { error, busy, send } = useSubmit(call);
  const prefix = `rule-new-${listener.port}`;
  const request = createRulesRequest(loadBalancerId, listener, rule);
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const result = await send(request, (e) => `${prefix}-${errorField(e, RULE_FIELDS, 'RuleName', RULE_ERRORS)}`);
    if (!result) return;
    notify({ text: `Created rule ${rule.RuleName} on ${listener.protocol.toUpperCase()}:${listener.port}.`, tone: 'ok' });
    setRule(blank);
    changed();
  };
  const field = error ? errorField(error, RULE_FIELDS, 'RuleName', RULE_ERRORS) : undefined;
  const input = (name: Exclude<RuleField, 'VServerGroupId'>, label: string, hint?: string) => (
    <div className="min-w-28 flex-1">
      <Field id={`${prefix}-${name}`} label={label} hint={hint} error={field === name ? error : undefined}>
        {(p) => <input {...p} value={rule[name]} onChange={(e) => setRule({ ...rule, [name]: e.target.value })} />}
      </Field>
    </div>
  );
  return (
    <form
      className="mt-2 flex flex-col gap-2 border-t border-slate-800 pt-2"
      onSubmit={(e) => void submit(e)}
      aria-label={`Add a forwarding rule to ${listener.protocol.toUpperCase()}:${listener.port}`}
    >
      <div className="flex flex-wrap items-start gap-2">
        {input('RuleName', 'Rule name')}
        {input('Domain', 'Domain', 'www.example.com or *.example.com; optional')}
        {input('Url', 'URL path', 'starts with /; optional')}
        <div className="min-w-28 flex-1">
          <Field id={`${prefix}-VServerGroupId`} label="VServer group" error={field === 'VServerGroupId' ? error : undefined}>
            {(p) => (
              <GroupSelect
                {...p}
                className={inputClass}
                groups={groups}
                value={rule.VServerGroupId}
                onChange={(e) => setRule({ ...rule, VServerGroupId: e.target.value })}
              />
            )}
          </Field>
        </div>
      </div>
      <div>
        <button type="submit" className={primaryClass} disabled={busy}>
          Add rule
        </button>
      </div>
      <RequestDetails request={request} purpose={`add the rule to ${listener.protocol.toUpperCase()}:${listener.port}`} />
    </form>
  );
}
