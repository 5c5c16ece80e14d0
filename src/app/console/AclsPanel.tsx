import { useState, type FormEvent } from 'react';
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
import { aclEntries, errorField, parseAclAttribute, parseAclList, type AclEntryView, type AclView } from './panels-model';
import type { Caller } from './requests';
import type { SlbFailure } from './slb-client';
import { buttonClass, Field, primaryClass } from './ui';

/**
 * Access control lists of the region (DescribeAccessControlLists, DescribeAccessControlListAttribute):
 * create (CreateAccessControlList), add and remove entries (Add/RemoveAccessControlListEntry),
 * delete (DeleteAccessControlList, undone by creating it again with its entries: a new AclId).
 */

/** The most the API answers per page (PageSize ≤ 50). */
const PAGE = 50;

async function loadAcls(call: Caller): Promise<Read<AclView[]>> {
  const list = await call('DescribeAccessControlLists', { PageSize: PAGE });
  if (!list.ok) return { ok: false, error: list };
  const acls = parseAclList(list.body);
  const details = await Promise.all(acls.map((a) => call('DescribeAccessControlListAttribute', { AclId: a.id, PageSize: PAGE })));
  const acl: AclView[] = [];
  for (const [i, a] of acls.entries()) {
    const detail = details[i]!;
    if (!detail.ok) return { ok: false, error: detail };
    acl.push({ ...a, ...parseAclAttribute(detail.body) });
  }
  return { ok: true, value: acl };
}

export function AclsPanel(props: PanelProps) {
  const { call, revision } = props;
  const { value, error } = useApiRead(() => loadAcls(call), String(revision));
  return (
    <div className="flex flex-col gap-3">
      <ReadState error={error} loading={value === undefined} what="access control lists">
        {value?.length === 0 ? <p className="text-sm text-slate-400">The region has no access control lists.</p> : null}
        {value?.map((acl) => (
          <AclCard key={`${acl.id}:${revision}`} acl={acl} {...props} />
        ))}
      </ReadState>
      <CreateAcl {...props} />
    </div>
  );
}

/**
 * Brings a deleted ACL back: creates it again, then adds its entries to the new ACL; if the entries
 * are refused, the new ACL is deleted again, so nothing is left half-made. Answers the failure.
 */
export async function recreateAcl(acl: Pick<AclView, 'name' | 'version' | 'entries'>, call: Caller): Promise<SlbFailure | undefined> {
  const created = await call('CreateAccessControlList', { AclName: acl.name, AddressIPVersion: acl.version || undefined });
  if (!created.ok) return created;
  if (acl.entries.length === 0) return undefined;
  const AclId = String(created.body['AclId']);
  const added = await call('AddAccessControlListEntry', { AclId, AclEntrys: aclEntries(acl.entries) });
  if (added.ok) return undefined;
  await call('DeleteAccessControlList', { AclId });
  return added;
}

function AclCard({ acl, call, changed, notify }: PanelProps & { acl: AclView }) {
  const remove = (): Promise<SlbFailure | undefined> =>
    deleteWithUndo({
      call,
      notify,
      changed,
      request: { action: 'DeleteAccessControlList', params: { AclId: acl.id } },
      undo: () => recreateAcl(acl, call),
      text: `Deleted ACL ${acl.name} (${acl.id}).`,
      what: `ACL ${acl.name}`,
    });
  return (
    <ResourceCard
      title={`ACL ${acl.name}`}
      testId="acl"
      id={acl.id}
      actions={
        <DeleteControl
          name={`ACL ${acl.name}`}
          question={`Delete ACL ${acl.name} (${acl.id})? ${acl.listeners.length > 0 ? `Listeners ${acl.listeners.join(', ')} apply it: the API will refuse. ` : ''}Undo creates it again, with its entries, under a new ID.`}
          onDelete={remove}
        />
      }
    >
      <p className="mb-1 font-mono text-xs text-slate-400">
        {acl.id} · {acl.version}
        {acl.listeners.length > 0 ? ` · applied by ${acl.listeners.join(', ')}` : ''}
      </p>
      {acl.entries.length === 0 ? <p className="text-xs text-slate-400">No entries.</p> : null}
      <ul className="flex flex-col gap-1" aria-label={`Entries of ${acl.name}`}>
        {acl.entries.map((e) => (
          <AclEntryRow key={e.entry} acl={acl} entry={e} call={call} changed={changed} notify={notify} />
        ))}
      </ul>
      <AddEntry acl={acl} call={call} changed={changed} notify={notify} />
    </ResourceCard>
  );
}

type EntryProps = Pick<PanelProps, 'call' | 'changed' | 'notify'> & { acl: AclView };

function AclEntryRow({ acl, entry, call, changed, notify }: EntryProps & { entry: AclEntryView }) {
  const remove = (): Promise<SlbFailure | undefined> =>
    deleteWithUndo({
      call,
      notify,
      changed,
      request: {
        action: 'RemoveAccessControlListEntry',
        params: { AclId: acl.id, AclEntrys: aclEntries([{ entry: entry.entry, comment: '' }]) },
      },
      undo: { action: 'AddAccessControlListEntry', params: { AclId: acl.id, AclEntrys: aclEntries([entry]) } },
      text: `Removed ${entry.entry} from ${acl.name}.`,
      what: entry.entry,
      verb: 'remove',
    });
  return (
    <li className="flex items-start gap-2 border-t border-slate-800 pt-1" data-testid="acl-entry" data-entry={entry.entry}>
      <span className="min-w-0 flex-1 font-mono text-xs">
        {entry.entry}
        {entry.comment ? <span className="ml-2 text-slate-400">{entry.comment}</span> : null}
      </span>
      <DeleteControl
        verb="Remove"
        name={`${entry.entry} from ${acl.name}`}
        question={`Remove ${entry.entry} from ${acl.name}? You can undo this.`}
        onDelete={remove}
      />
    </li>
  );
}

function AddEntry({ acl, call, changed, notify }: EntryProps) {
  const [entry, setEntry] = useState<AclEntryView>({ entry: '', comment: '' });
  const { error, send } = useSubmit(call);
  const prefix = `acl-${acl.id}`;
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const result = await send({ action: 'AddAccessControlListEntry', params: { AclId: acl.id, AclEntrys: aclEntries([entry]) } });
    if (!result) return;
    notify({ text: `Added ${entry.entry.trim()} to ${acl.name}.`, tone: 'ok' });
    setEntry({ entry: '', comment: '' });
    changed();
  };
  const field = error ? errorField(error, ['entry', 'comment'] as const, 'entry') : undefined;
  return (
    <form className="mt-2 flex flex-wrap items-end gap-2" onSubmit={(e) => void submit(e)} aria-label={`Add an entry to ${acl.name}`}>
      <div className="min-w-32 flex-1">
        <Field id={`${prefix}-entry`} label="IP address or CIDR block" error={field === 'entry' ? error : undefined}>
          {(p) => <input {...p} value={entry.entry} onChange={(e) => setEntry({ ...entry, entry: e.target.value })} />}
        </Field>
      </div>
      <div className="min-w-32 flex-1">
        <Field id={`${prefix}-comment`} label="Comment" error={field === 'comment' ? error : undefined}>
          {(p) => <input {...p} value={entry.comment} onChange={(e) => setEntry({ ...entry, comment: e.target.value })} />}
        </Field>
      </div>
      <button type="submit" className={buttonClass}>
        Add entry
      </button>
    </form>
  );
}

function CreateAcl({ call, changed, notify }: PanelProps) {
  const [name, setName] = useState('');
  const { error, send } = useSubmit(call);
  const request = { action: 'CreateAccessControlList', params: { AclName: name.trim(), AddressIPVersion: 'ipv4' } };
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const result = await send(request);
    if (!result) return;
    notify({ text: `Created ACL ${name.trim()} (${String(result.body['AclId'])}).`, tone: 'ok' });
    setName('');
    changed();
  };
  return (
    <form
      onSubmit={(e) => void submit(e)}
      aria-label="Create an access control list"
      className="flex flex-col gap-2 rounded border border-slate-800 p-2"
    >
      <div className="flex items-end gap-2">
        <div className="flex-1">
          <Field id="acl-new-name" label="ACL name" error={error}>
            {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
        </div>
        <button type="submit" className={primaryClass}>
          Create ACL
        </button>
      </div>
      <RequestDetails request={request} purpose="create the ACL (IPv4)" />
    </form>
  );
}
