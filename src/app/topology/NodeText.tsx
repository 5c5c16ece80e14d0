import type { NodeKind } from '../../engine/net/topology';
import { COUNTER_SEPARATOR } from './node-state';

/** What each kind of node is (its tooltip) and its colours: light border, dark fill, so text in slate-100/200 reads at ≥ 4.5:1. */
export const KIND_STYLE: Record<NodeKind, { title: string; className: string }> = {
  clients: { title: 'Client population: opens connections to the load balancer', className: 'border-sky-400 bg-sky-950' },
  internet: { title: 'The Internet between clients and the SLB edge', className: 'border-slate-400 bg-slate-800' },
  router: { title: 'ECMP router: hashes each flow to one of the LVS nodes announcing the VIP', className: 'border-violet-400 bg-violet-950' },
  lvs: { title: 'LVS node (IPVS, FULLNAT): schedules new flows and keeps a connection table', className: 'border-amber-400 bg-amber-950' },
  sync: { title: 'Multicast session sync: LVS nodes share sessions so a moved flow survives', className: 'border-amber-300 bg-amber-900' },
  tengine: {
    title: 'Tengine node (layer 7): terminates HTTP/HTTPS connections LVS schedules onto it, routes each request by forwarding rules to a VServer group and balances it onto a backend over pooled upstream connections',
    className: 'border-emerald-400 bg-emerald-950',
  },
  keyserver: { title: 'Key Server (Keyless SSL): holds the private keys; every full HTTPS handshake costs Tengine one round trip and one key operation here', className: 'border-rose-400 bg-rose-950' },
  ecs: { title: 'ECS backend server', className: 'border-cyan-400 bg-cyan-950' },
  eip: { title: 'Elastic IP bound to a backend: its own way to and from the Internet', className: 'border-lime-400 bg-lime-950' },
  nat: { title: 'NAT gateway: SNAT for backends without public addresses, DNAT to one backend', className: 'border-lime-300 bg-lime-950' },
  external: { title: 'Internet hosts that backends call', className: 'border-slate-400 bg-slate-800' },
};

/** The state word's colour (its text says the state too, so colour is never the only cue). */
const STATE_TEXT: Record<string, string> = {
  up: 'text-emerald-300',
  down: 'text-red-300',
  withdrawn: 'text-orange-300',
  unhealthy: 'text-red-300',
  quiesced: 'text-slate-200',
  removed: 'text-slate-200',
  slow: 'text-yellow-200',
  refusing: 'text-red-200',
};

/** A node's state as a dot and its word ("● up"): the word is the content, the dot decoration. */
export function StateWord({ state }: { state: string }) {
  return (
    <span className={`whitespace-nowrap text-[13px] font-medium ${STATE_TEXT[state] ?? 'text-slate-200'}`}>
      <span aria-hidden="true">● </span>
      <span data-testid="node-state">{state}</span>
    </span>
  );
}

/**
 * A counters line ("active 3 · inactive 1 · synced held 2") that wraps between its pieces, never
 * inside one (unless a piece alone is wider than the node), and is never cut off. The text content
 * stays exactly the joined line.
 */
export function Counters({ text, className = '', title, testId = 'node-counters' }: { text: string; className?: string; title?: string | undefined; testId?: string }) {
  const pieces = text.split(COUNTER_SEPARATOR);
  return (
    <div className={`text-[13px] leading-[17px] text-slate-200 ${className}`} data-testid={testId} title={title}>
      {pieces.map((piece, i) => (
        <span key={i}>
          <span className="inline-block max-w-full [overflow-wrap:anywhere]">{i < pieces.length - 1 ? `${piece} ·` : piece}</span>
          {i < pieces.length - 1 ? ' ' : null}
        </span>
      ))}
    </div>
  );
}
