import type { TopologyInfo } from '../../worker/protocol';
import { activeSpans, linkPair, type FaultSpan } from './spans';

/** How a faulted link looks: its words ("loss 20%", "+50 ms", "one-way lvs-1→ecs:i-1"), joined. */
export interface LinkLook {
  loss: number | undefined;
  addedMs: number | undefined;
  /** link-oneway: the direction packets are lost in, `from->to`. */
  oneway: string | undefined;
  label: string;
}

const percent = (rate: number): string => `${Number((rate * 100).toFixed(1))}%`;

/**
 * The link faults in effect at a simulated time, per link (`a<>b`, both directions as one): the
 * loss rate, added latency and one-way loss, from the fault log's spans like the nodes' looks.
 */
export function linkLooks(spans: FaultSpan[], nowS: number): Map<string, LinkLook> {
  const looks = new Map<string, LinkLook>();
  for (const span of activeSpans(spans, nowS)) {
    if (!span.action.startsWith('link-') || span.target === undefined) continue;
    const pair = linkPair(span.target);
    const look = looks.get(pair) ?? { loss: undefined, addedMs: undefined, oneway: undefined, label: '' };
    if (span.action === 'link-loss') look.loss = span.lossRate;
    else if (span.action === 'link-latency') look.addedMs = span.addedMs;
    else if (span.action === 'link-oneway') look.oneway = span.target;
    looks.set(pair, look);
  }
  for (const look of looks.values()) {
    look.label = [
      look.loss !== undefined ? `loss ${percent(look.loss)}` : '',
      look.addedMs !== undefined ? `+${look.addedMs} ms` : '',
      look.oneway !== undefined ? 'one-way' : '',
    ]
      .filter(Boolean)
      .join(' · ');
  }
  return looks;
}

/** The link looks as a compact string (`a<>b=label;…`), so a store selector changes only when one does. */
export function linkLookSignature(spans: FaultSpan[], nowS: number): string {
  return [...linkLooks(spans, nowS)].map(([pair, look]) => `${pair}=${look.label}`).join(';');
}

/** The topology link an edge draws, as the pair name link faults use. */
export function edgePair(topology: Pick<TopologyInfo, 'nodes'>, source: string, target: string): string {
  const key = new Map(topology.nodes.map((n) => [String(n.id), n.key]));
  return linkPair(`${key.get(source) ?? source}->${key.get(target) ?? target}`);
}
