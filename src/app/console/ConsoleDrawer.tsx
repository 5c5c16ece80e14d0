import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { simControls } from '../sim-client';
import { useSimStore } from '../store';
import { AclsPanel } from './AclsPanel';
import { AddListenerWizard } from './AddListenerWizard';
import { BackendServersPanel } from './BackendServersPanel';
import { CertificatesPanel } from './CertificatesPanel';
import { loadInstance, type InstanceView } from './instance';
import { InstancesPanel } from './InstancesPanel';
import { ListenersPanel } from './ListenersPanel';
import { defaultCaller } from './requests';
import type { SlbFailure } from './slb-client';
import { RulesPanel } from './RulesPanel';
import { TrafficPanel } from './TrafficPanel';
import { VServerGroupsPanel } from './VServerGroupsPanel';
import { ApiErrorText, bumpRevision, buttonClass, NoticeBar, primaryClass, type Notice } from './ui';

const TABS = [
  { id: 'instances', label: 'Instances' },
  { id: 'listeners', label: 'Listeners' },
  { id: 'backends', label: 'Backend servers' },
  { id: 'traffic', label: 'Traffic' },
  { id: 'vservergroups', label: 'VServer groups' },
  { id: 'rules', label: 'Forwarding rules' },
  { id: 'certificates', label: 'Certificates' },
  { id: 'acls', label: 'ACLs' },
] as const;
type Tab = (typeof TABS)[number]['id'];

/** Undo of DeleteLoadBalancer: the deletion leaves the run's journal (the worker replays without it). */
const undoDelete = async (): Promise<void> => {
  await simControls.undoLastChange('DeleteLoadBalancer');
};

/**
 * The console: a drawer over the right of the page, modelled on the SLB console (opened by the
 * header's ConsoleLauncher). Everything in it is read and changed through the SLB API over fetch;
 * after every accepted change the store's console revision grows, so the drawer and the header
 * card ask again.
 */
export function ConsoleDrawer({ onClose }: { onClose: () => void }) {
  const scope = useSimStore((s) => s.consoleScope);
  const [answer, setAnswer] = useState<{ revision: number; view: InstanceView } | { revision: number; error: SlbFailure }>();
  const [tab, setTab] = useState<Tab>('listeners');
  const [wizard, setWizard] = useState(false);
  const [notice, setNotice] = useState<Notice | undefined>();
  const title = useRef<HTMLHeadingElement>(null);
  const tabRefs = useRef<Partial<Record<Tab, HTMLButtonElement | null>>>({});
  const lbId = scope?.loadBalancerId;
  const revision = scope?.revision ?? 0;

  useEffect(() => title.current?.focus(), []);
  useEffect(() => {
    if (!lbId) return;
    let live = true;
    void loadInstance(lbId, defaultCaller).then((r) => {
      if (live) setAnswer(r.ok ? { revision, view: r.view } : { revision, error: r.error });
    });
    return () => {
      live = false;
    };
  }, [lbId, revision]);

  const onKeyDown = (event: KeyboardEvent): void => {
    // The app's single-key shortcuts (Space, S, 1–6, …) must not fire while working in the console.
    event.stopPropagation();
    if (event.key === 'Escape') onClose();
  };
  const onTabKey = (event: KeyboardEvent, index: number): void => {
    const next = event.key === 'ArrowRight' ? index + 1 : event.key === 'ArrowLeft' ? index - 1 : undefined;
    if (next === undefined) return;
    const target = TABS[(next + TABS.length) % TABS.length]!.id;
    setTab(target);
    tabRefs.current[target]?.focus();
  };

  // The previous answer stays on screen while the next is on its way: no flash after each change.
  const current = answer;
  const refreshing = answer !== undefined && answer.revision !== revision;
  const view = current && 'view' in current ? current.view : undefined;
  const a = view?.attribute;
  const panelProps = { loadBalancerId: lbId ?? '', call: defaultCaller, changed: bumpRevision, notify: setNotice };
  return (
    <section
      id="slb-console"
      role="dialog"
      aria-modal="false"
      aria-labelledby="slb-console-title"
      className="fixed bottom-0 right-0 top-0 z-50 flex w-[680px] max-w-full flex-col gap-3 overflow-y-auto border-l border-slate-700 bg-slate-950 p-4 text-slate-100 shadow-2xl"
      onKeyDown={onKeyDown}
      data-testid="slb-console"
    >
      <div className="flex items-center gap-2">
        <h2 id="slb-console-title" ref={title} tabIndex={-1} className="flex-1 text-base font-bold outline-none">
          SLB console
        </h2>
        <span role="status" className="text-xs text-slate-400">
          {refreshing ? 'Refreshing…' : ''}
        </span>
        <button type="button" className={buttonClass} onClick={() => bumpRevision()}>
          Refresh
        </button>
        <button type="button" className={buttonClass} onClick={onClose} aria-label="Close the console">
          Close
        </button>
      </div>
      <NoticeBar notice={notice} onDismiss={() => setNotice(undefined)} />
      {!lbId ? <p className="text-sm text-slate-400">No scenario loaded.</p> : null}
      {current && 'error' in current ? <ApiErrorText error={current.error} prefix="DescribeLoadBalancerAttribute:" /> : null}
      {lbId && !current ? (
        <p role="status" className="text-sm text-slate-400">
          Loading the instance…
        </p>
      ) : null}
      {view && a && lbId ? (
        <>
          <section aria-label="Instance overview" className="rounded border border-slate-800 p-2 text-sm" data-testid="instance-overview">
            <dl className="grid grid-cols-3 gap-x-3 gap-y-1">
              {(
                [
                  ['Name', 'LoadBalancerName'],
                  ['ID', 'LoadBalancerId'],
                  ['Address', 'Address'],
                  ['Specification', 'LoadBalancerSpec'],
                  ['Status', 'LoadBalancerStatus'],
                  ['Bandwidth', 'Bandwidth'],
                ] as const
              ).map(([label, field]) => (
                <div key={field}>
                  <dt className="text-xs text-slate-400">{label}</dt>
                  <dd className="font-mono" data-testid={`overview-${field}`}>
                    {a[field] === undefined ? '—' : `${String(a[field])}${field === 'Bandwidth' ? ' Mbit/s' : ''}`}
                  </dd>
                </div>
              ))}
            </dl>
          </section>
          <div role="tablist" aria-label="Console sections" className="flex flex-wrap gap-1 border-b border-slate-800">
            {TABS.map((t, i) => (
              <button
                key={t.id}
                ref={(el) => {
                  tabRefs.current[t.id] = el;
                }}
                type="button"
                role="tab"
                id={`console-tab-${t.id}`}
                aria-selected={tab === t.id}
                aria-controls={`console-panel-${t.id}`}
                tabIndex={tab === t.id ? 0 : -1}
                className={`rounded-t px-2 py-1 text-sm ${tab === t.id ? 'bg-slate-800 font-semibold text-white' : 'text-slate-400 hover:text-slate-200'}`}
                onClick={() => setTab(t.id)}
                onKeyDown={(e) => onTabKey(e, i)}
              >
                {t.label}
              </button>
            ))}
          </div>
          <div role="tabpanel" id={`console-panel-${tab}`} aria-labelledby={`console-tab-${tab}`} className="flex flex-col gap-3">
            {tab === 'listeners' ? (
              <>
                {view.healthError ? <ApiErrorText error={view.healthError} prefix="DescribeHealthStatus:" /> : null}
                <ListenersPanel loadBalancerId={lbId} view={view} call={defaultCaller} changed={bumpRevision} notify={setNotice} />
                {wizard ? (
                  <AddListenerWizard
                    loadBalancerId={lbId}
                    backendServers={view.backendServers}
                    call={defaultCaller}
                    onCreated={(text) => {
                      setWizard(false);
                      setNotice({ text, tone: 'ok' });
                      bumpRevision();
                    }}
                    onCancel={() => setWizard(false)}
                  />
                ) : (
                  <div>
                    <button type="button" className={primaryClass} onClick={() => setWizard(true)}>
                      Add listener
                    </button>
                  </div>
                )}
              </>
            ) : null}
            {tab === 'backends' ? (
              <BackendServersPanel loadBalancerId={lbId} view={view} call={defaultCaller} changed={bumpRevision} notify={setNotice} />
            ) : null}
            {tab === 'traffic' ? (
              <TrafficPanel
                loadBalancerId={lbId}
                view={view}
                call={defaultCaller}
                changed={bumpRevision}
                notify={setNotice}
                revision={revision}
              />
            ) : null}
            {tab === 'vservergroups' ? <VServerGroupsPanel {...panelProps} view={view} revision={revision} /> : null}
            {tab === 'rules' ? <RulesPanel {...panelProps} view={view} revision={revision} /> : null}
            {tab === 'certificates' ? <CertificatesPanel {...panelProps} view={view} revision={revision} /> : null}
            {tab === 'acls' ? <AclsPanel {...panelProps} view={view} revision={revision} /> : null}
            {tab === 'instances' && scope ? <InstancesPanel {...panelProps} view={view} revision={revision} regionId={scope.regionId} undoDelete={undoDelete} /> : null}
          </div>
        </>
      ) : null}
    </section>
  );
}
