import { useState, type FormEvent } from 'react';
import {
  DataTable,
  DeleteControl,
  deleteWithUndo,
  ReadState,
  RequestDetails,
  useApiRead,
  useSubmit,
  type PanelProps,
  type Read,
} from './panel-kit';
import { canReupload, errorField, parseCertificates, uploadRequest, type CertificateView } from './panels-model';
import type { Caller } from './requests';
import type { SlbFailure } from './slb-client';
import { Field, primaryClass } from './ui';

/**
 * Server and CA certificates (DescribeServerCertificates, DescribeCACertificates): upload
 * (UploadServerCertificate with the PEM certificate and key, UploadCACertificate), delete
 * (DeleteServerCertificate, DeleteCACertificate). The API keeps no PEM, so Undo re-uploads the PEM
 * this page sent: only certificates uploaded since the page loaded can be brought back.
 */

type Pem = { certificate: string; key?: string | undefined };
/** PEM this page uploaded, by certificate ID (kept in memory only, for Undo). */
const uploaded = new Map<string, Pem>();

async function loadCertificates(call: Caller): Promise<Read<CertificateView[]>> {
  const [server, ca] = await Promise.all([call('DescribeServerCertificates', {}), call('DescribeCACertificates', {})]);
  if (!server.ok) return { ok: false, error: server };
  if (!ca.ok) return { ok: false, error: ca };
  return { ok: true, value: parseCertificates(server.body, ca.body) };
}

export function CertificatesPanel(props: PanelProps) {
  const { call, revision } = props;
  const { value, error } = useApiRead(() => loadCertificates(call), String(revision));
  return (
    <div className="flex flex-col gap-3">
      <ReadState error={error} loading={value === undefined} what="certificates">
        {value?.length === 0 ? <p className="text-sm text-slate-400">The region has no certificates.</p> : null}
        {value && value.length > 0 ? (
          <DataTable label="Certificates" className="text-xs" columns={['Name and ID', 'Domain', 'Fingerprint', 'Expires']}>
            {value.map((c) => (
              <CertificateRow key={`${c.kind}:${c.id}`} certificate={c} {...props} />
            ))}
          </DataTable>
        ) : null}
      </ReadState>
      <UploadForm kind="server" {...props} />
      <UploadForm kind="ca" {...props} />
    </div>
  );
}

function CertificateRow({ certificate: c, call, changed, notify }: PanelProps & { certificate: CertificateView }) {
  const pem = uploaded.get(c.id);
  const undoable = canReupload(c.kind, pem);
  const kindText = c.kind === 'server' ? 'server certificate' : 'CA certificate';
  const request =
    c.kind === 'server'
      ? { action: 'DeleteServerCertificate', params: { ServerCertificateId: c.id } }
      : { action: 'DeleteCACertificate', params: { CACertificateId: c.id } };
  const text = `Deleted ${kindText} ${c.name || c.id}.`;
  const remove = async (): Promise<SlbFailure | undefined> => {
    if (undoable && pem)
      return deleteWithUndo({ call, notify, changed, request, undo: uploadRequest(c.kind, c.name, pem), text, what: c.name || c.id });
    const result = await call(request.action, request.params);
    if (!result.ok) return result;
    notify({ text: `${text} It was not uploaded from this page, so it cannot be restored from here.`, tone: 'ok' });
    changed();
    return undefined;
  };
  return (
    <tr className="border-t border-slate-800 align-top" data-testid="certificate-row" data-kind={c.kind} data-id={c.id} data-name={c.name}>
      <th scope="row" className="py-1 pr-2 text-left font-normal">
        <span className="font-semibold">{c.name || '(no name)'}</span>
        <span className="ml-1 text-slate-400">{c.kind === 'server' ? 'server' : 'CA'}</span>
        <br />
        <span className="font-mono">{c.id}</span>
      </th>
      <td className="pr-2 font-mono">{c.commonName}</td>
      <td className="break-all pr-2 font-mono text-[10px]">{c.fingerprint}</td>
      <td className="pr-2 font-mono">{c.expireTime}</td>
      <td className="py-1 text-right">
        <DeleteControl
          name={`${kindText} ${c.name || c.id}`}
          question={`Delete ${kindText} ${c.name || c.id}? ${undoable ? 'You can undo this (the page re-uploads the PEM it sent).' : 'It was not uploaded from this page: this cannot be undone.'}`}
          onDelete={remove}
        />
      </td>
    </tr>
  );
}

const SERVER_FIELDS = ['ServerCertificateName', 'ServerCertificate', 'PrivateKey'] as const;
const CA_FIELDS = ['CACertificateName', 'CACertificate'] as const;
/** Key errors name no parameter: they belong next to the key. */
const KEY_ERRORS = { CertificateNotMatchPrivateKey: 'PrivateKey', PrivateKeyEncryption: 'PrivateKey' } as const;

function UploadForm({ kind, call, changed, notify }: PanelProps & { kind: 'server' | 'ca' }) {
  const [name, setName] = useState('');
  const [certificate, setCertificate] = useState('');
  const [key, setKey] = useState('');
  const { error, busy, send } = useSubmit(call);
  const fields: readonly string[] = kind === 'server' ? SERVER_FIELDS : CA_FIELDS;
  const [nameField, certField] = fields as [string, string];
  const prefix = `cert-${kind}`;
  const pem = { certificate, key: kind === 'server' ? key : undefined };
  const request = uploadRequest(kind, name.trim(), pem);
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const result = await send(request, (e) => `${prefix}-${errorField(e, fields, certField, KEY_ERRORS)}`);
    if (!result) return;
    const id = String(result.body[kind === 'server' ? 'ServerCertificateId' : 'CACertificateId']);
    uploaded.set(id, pem);
    notify({ text: `Uploaded ${kind === 'server' ? 'server' : 'CA'} certificate ${id}.`, tone: 'ok' });
    setName('');
    setCertificate('');
    setKey('');
    changed();
  };
  const field = error ? errorField(error, fields, certField, KEY_ERRORS) : undefined;
  const errorOf = (f: string): SlbFailure | undefined => (field === f ? error : undefined);
  const title = kind === 'server' ? 'Upload a server certificate' : 'Upload a CA certificate';
  return (
    <form
      onSubmit={(e) => void submit(e)}
      aria-label={title}
      className="flex flex-col gap-2 rounded border border-slate-800 p-2"
      data-testid={`upload-${kind}`}
    >
      <h3 className="text-sm font-semibold">{title}</h3>
      <Field id={`${prefix}-${nameField}`} label="Certificate name" hint="optional; starts with a letter" error={errorOf(nameField)}>
        {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field
        id={`${prefix}-${certField}`}
        label={kind === 'server' ? 'Certificate (PEM)' : 'CA certificate (PEM)'}
        error={errorOf(certField)}
      >
        {(p) => (
          <textarea
            {...p}
            rows={4}
            className={`${p.className} font-mono text-[11px]`}
            value={certificate}
            onChange={(e) => setCertificate(e.target.value)}
            placeholder="-----BEGIN CERTIFICATE-----"
          />
        )}
      </Field>
      {kind === 'server' ? (
        <Field id={`${prefix}-PrivateKey`} label="Private key (PEM)" error={errorOf('PrivateKey')}>
          {(p) => (
            <textarea
              {...p}
              rows={4}
              className={`${p.className} font-mono text-[11px]`}
              value={key}
              onChange={(e) => setKey(e.target.value)}
              placeholder="-----BEGIN PRIVATE KEY-----"
            />
          )}
        </Field>
      ) : null}
      <div>
        <button type="submit" className={primaryClass} disabled={busy}>
          Upload
        </button>
      </div>
      <RequestDetails request={request} purpose="upload the certificate" />
    </form>
  );
}
