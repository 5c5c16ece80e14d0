import { useEffect, useState } from 'react';
import type { SessionRow } from '../../worker/protocol';
import { faultsForNode } from '../faults/catalog';
import { openFaultMenu } from '../faults/store';
import { simControls } from '../sim-client';
import { useSimStore } from '../store';
import { isUsed, linkedNodeIds } from '../topology/layout';
import { SessionTable } from './SessionTable';

/** The selected node's live state, tables and configuration. */
export function InspectorPanel() {
  const topology = useSimStore((s) => s.topology);
  const selected = useSimStore((s) => s.selectedNode);
  const frame = useSimStore((s) => s.frame);
  const [scenario, setScenario] = useState<Record<string, unknown> | undefined>();
  useEffect(() => {
    void simControls.scenario()?.then((s) => setScenario(s as Record<string, unknown>));
  }, [topology]);

  const node = topology?.nodes.find((n) => n.id === selected);
  if (!node) return <p className="p-3 text-sm text-slate-400">Click a node in the topology to inspect it.</p>;
  const lvs = frame?.nodes.lvs.find((n) => n.nodeId === node.id);
  const backend = frame?.nodes.backends.find((n) => n.nodeId === node.id);
  // Only nodes some listener's traffic reaches have links (and live figures worth reading).
  const used = isUsed(node.kind, node.id, linkedNodeIds(topology!));
  const tengine = used ? frame?.nodes.tengine.find((n) => n.nodeId === node.id) : undefined;
  const keyServer = used ? frame?.nodes.keyServers.find((n) => n.nodeId === node.id) : undefined;
  const config = configOf(scenario, node.kind, node.index);

  return (
    <section aria-label={`Inspector: ${node.label}`} className="flex flex-col gap-3 p-3 text-xs">
      <div className="flex items-center gap-2">
        <h2 className="text-sm font-semibold">{node.label}</h2>
        {faultsForNode(node.kind, node.key, node.zone).length > 0 ? (
          <button
            type="button"
            aria-haspopup="menu"
            className="ml-auto rounded border border-slate-600 px-2 py-0.5 text-slate-200 hover:bg-slate-700"
            title="Inject or clear a fault on this component now (also: right-click the node, or Shift+F10 on it)"
            data-testid="inspector-faults"
            onClick={(event) => {
              const box = event.currentTarget.getBoundingClientRect();
              openFaultMenu(node.id, box.left - 200, box.bottom + 2, event.currentTarget);
            }}
          >
            Faults…
          </button>
        ) : null}
      </div>
      {lvs ? (
        <>
          <Facts
            facts={{
              state: lvs.up ? 'up' : 'down',
              route: lvs.announced ? 'announced to the router' : 'withdrawn',
              active: lvs.active,
              inactive: lvs.inactive,
              'sessions installed by sync': lvs.synced,
              'flows scheduled here': lvs.flows,
              'resets sent': lvs.resets,
              'FULLNAT local addresses': lvs.localAddresses,
              'local ports in use': lvs.localPortsInUse,
              'last failure': lvs.lastFailure ?? '—',
            }}
          />
          <h3 className="font-semibold">Connection table</h3>
          <SessionTable lvsIndex={node.index} version={frame?.events ?? 0} onSelect={(row: SessionRow) => simControls.selectConnection(row.conn)} />
        </>
      ) : null}
      {backend ? (
        <Facts
          facts={{
            health: backend.health,
            condition: backend.condition,
            weight: backend.weight,
            'open connections': backend.open,
            'upstream connections from Tengine': backend.upstreamOpen,
            'requests per second': backend.requestsPerSecond.toFixed(1),
            'last failure': backend.lastFailure ?? '—',
          }}
        />
      ) : null}
      {tengine ? (
        <Facts
          testId="tengine-facts"
          facts={{
            state: tengine.up ? 'up' : 'down',
            'requests received': tengine.requests,
            'client connections': tengine.clientConnections,
            'upstream connections': tengine.upstreamConnections,
            'marked-down peers': tengine.markedDown,
            'last failure': tengine.lastFailure ?? '—',
          }}
        />
      ) : null}
      {keyServer ? (
        <Facts
          testId="keyserver-facts"
          facts={{
            state: !keyServer.up ? 'down' : keyServer.slow ? 'slow' : 'up',
            'queue (busy workers)': keyServer.busy,
            requests: keyServer.requests,
            errors: keyServer.errors,
            'latency p50 (run)': `${keyServer.latencyP50Ms.toFixed(3)} ms`,
            'latency p99 (run)': `${keyServer.latencyP99Ms.toFixed(3)} ms`,
            'last failure': keyServer.lastFailure ?? '—',
          }}
        />
      ) : null}
      {!used && node.kind === 'tengine' ? (
        <p className="text-slate-400" data-testid="unused-note">
          Not used by any listener. Tengine nodes carry HTTP and HTTPS listeners; this scenario has layer-4 listeners only, so its traffic goes from LVS straight to the backends.
        </p>
      ) : null}
      {!used && node.kind === 'keyserver' ? (
        <p className="text-slate-400" data-testid="unused-note">
          Not used by any listener. The Key Server holds the private keys for HTTPS handshakes; this scenario has no HTTPS listener.
        </p>
      ) : null}
      {config ? (
        <>
          <h3 className="font-semibold">Configuration</h3>
          <pre className="overflow-x-auto rounded bg-slate-900 p-2 text-[11px]">{JSON.stringify(config, null, 2)}</pre>
        </>
      ) : null}
    </section>
  );
}

function Facts({ facts, testId }: { facts: Record<string, string | number>; testId?: string }) {
  return (
    <dl className="grid grid-cols-2 gap-x-3 gap-y-0.5" data-testid={testId}>
      {Object.entries(facts).map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-slate-400">{k}</dt>
          <dd className="break-words tabular-nums" data-fact={k}>
            {typeof v === 'number' ? v.toLocaleString('en-US') : v}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function configOf(scenario: Record<string, unknown> | undefined, kind: string, index: number): unknown {
  if (!scenario) return undefined;
  const pick = (key: string) => scenario[key] as unknown[] | Record<string, unknown>;
  switch (kind) {
    case 'ecs':
      return (pick('ecsInstances') as unknown[])[index];
    case 'lvs':
    case 'router':
    case 'sync':
    case 'tengine':
    case 'keyserver':
      // The file nests listeners in their load balancers; the clusters serve every one.
      return { cluster: pick('cluster'), listeners: (pick('loadBalancers') as { LoadBalancerId?: string; listeners?: unknown[] }[]).map((lb) => ({ LoadBalancerId: lb.LoadBalancerId, listeners: lb.listeners ?? [] })) };
    case 'clients':
      return (pick('clients') as unknown[])[index];
    case 'eip':
      return ((pick('egress') as Record<string, unknown[]>)['eips'] ?? [])[index];
    case 'nat':
      return ((pick('egress') as Record<string, unknown[]>)['natGateways'] ?? [])[index];
    default:
      return { loadBalancers: pick('loadBalancers') };
  }
}
