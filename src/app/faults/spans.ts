/** A fault as the scenario schedules it or the journal records it, in seconds of simulated time. */
export interface FaultRecord {
  atS: number;
  action: string;
  target: string | undefined;
  /** The fault clears itself after this long, if set. */
  durationS?: number | undefined;
  /** Link faults: the fraction of packets lost (link-loss) and the milliseconds added (link-latency). */
  lossRate?: number | undefined;
  addedMs?: number | undefined;
  source: 'schedule' | 'live';
}

/** A fault from its start to its end, for the timeline's bars and for what is faulty now. */
export interface FaultSpan {
  action: string;
  target: string | undefined;
  startS: number;
  /** When it ended: the clearing action, its own duration, a fault replacing it; the run's end when not cleared. */
  endS: number;
  /** False when nothing ended it (the bar runs to the run's end and the fault is still on). */
  cleared: boolean;
  /** The action that ended it ('duration' when its durationS ran out). */
  clearedBy: string | undefined;
  source: 'schedule' | 'live';
  /** A change at one moment (backend-weight), not a span. */
  instant: boolean;
  /** Link faults: their value (link-loss, link-latency). */
  lossRate?: number | undefined;
  addedMs?: number | undefined;
}

/** What a fault acts on: faults on the same channel replace or clear each other. */
function channel(action: string, target: string | undefined): string | undefined {
  const t = target ?? '*';
  if (action === 'crash' || action === 'upgrade' || action === 'recover') return `lvs:${t}`;
  if (action === 'partition-sync' || action === 'heal-sync') return `sync:${t}`;
  if (action === 'tengine-crash' || action === 'tengine-recover') return `tengine:${t}`;
  if (action.startsWith('keyserver-')) return `keyserver:${t}`;
  if (action === 'backend-weight') return undefined;
  if (action.startsWith('backend-')) return `backend:${t}`;
  // A whole zone down (zone-down … zone-up), target a zone ID.
  if (action === 'zone-down' || action === 'zone-up') return `zone:${t}`;
  // Loss, latency and one-way loss on a link stand side by side; link-heal ends them all (either way round).
  if (action === 'link-loss' || action === 'link-latency' || action === 'link-oneway') return `link:${linkPair(t)}:${action}`;
  return undefined;
}

/** A link target `a->b` as one name for both directions (`a<>b`, ends sorted). */
export function linkPair(target: string): string {
  const at = target.indexOf('->');
  if (at < 0) return target;
  return [target.slice(0, at), target.slice(at + 2)].sort().join('<>');
}

const CLEARING = new Set(['recover', 'heal-sync', 'tengine-recover', 'keyserver-up', 'backend-up', 'link-heal', 'zone-up']);

/** True for the actions that end a fault rather than start one. */
export function isClearing(action: string): boolean {
  return CLEARING.has(action);
}

/**
 * Pairs faults into spans: each starting fault runs until the clearing action on the same target
 * (recover after crash or upgrade, heal-sync after partition-sync, backend-up after any backend-*,
 * tengine-recover, keyserver-up), its own durationS, or a different fault on the same target that
 * replaces it; otherwise until `endS` (the run's end). Repeating the fault that is already on
 * changes nothing, and an LVS node already down stays down as it went (crash or upgrade). `backend-weight` is a change, not a span: it shows as a zero-length span. Link faults run per
 * link and kind (loss, latency, one-way side by side) until link-heal on the link, either way round, ends them all.
 */
export function faultSpans(records: FaultRecord[], endS: number): FaultSpan[] {
  const ordered = records.map((r, i) => ({ r, i })).sort((a, b) => a.r.atS - b.r.atS || a.i - b.i);
  const spans: FaultSpan[] = [];
  const open = new Map<string, FaultSpan>();
  const close = (span: FaultSpan, atS: number, by: string): void => {
    span.endS = atS;
    span.cleared = true;
    span.clearedBy = by;
  };
  // A span whose own duration ran out before `atS` is no longer open.
  const expire = (key: string, atS: number): FaultSpan | undefined => {
    const span = open.get(key);
    if (span && span.cleared && span.endS <= atS) {
      open.delete(key);
      return undefined;
    }
    return span;
  };
  for (const { r } of ordered) {
    if (r.action === 'link-heal') {
      const prefix = `link:${linkPair(r.target ?? '*')}:`;
      for (const k of [...open.keys()]) {
        if (!k.startsWith(prefix)) continue;
        const span = expire(k, r.atS);
        if (span) close(span, r.atS, r.action);
        open.delete(k);
      }
      continue;
    }
    const key = channel(r.action, r.target);
    if (key === undefined) {
      spans.push({ action: r.action, target: r.target, startS: r.atS, endS: r.atS, cleared: true, clearedBy: undefined, source: r.source, instant: true });
      continue;
    }
    const current = expire(key, r.atS);
    if (isClearing(r.action)) {
      if (current) close(current, r.atS, r.action);
      open.delete(key);
      continue;
    }
    // A node already down does not go down again (an upgrade then a crash changes nothing).
    if (current && (current.action === r.action || key.startsWith('lvs:'))) continue;
    if (current) close(current, r.atS, r.action);
    const span: FaultSpan = { action: r.action, target: r.target, startS: r.atS, endS: endS, cleared: false, clearedBy: undefined, source: r.source, instant: false };
    if (r.lossRate !== undefined) span.lossRate = r.lossRate;
    if (r.addedMs !== undefined) span.addedMs = r.addedMs;
    if (r.durationS !== undefined && r.durationS > 0) close(span, r.atS + r.durationS, 'duration');
    spans.push(span);
    open.set(key, span);
  }
  for (const span of spans) if (!span.cleared) span.endS = Math.max(endS, span.startS);
  return spans;
}

/** The spans in effect at a simulated time. */
export function activeSpans(spans: FaultSpan[], nowS: number): FaultSpan[] {
  return spans.filter((s) => !s.instant && s.startS <= nowS && (!s.cleared || nowS < s.endS));
}

/** Session sync cut off at a simulated time: the whole link, and which LVS nodes (`lvs-N`) alone. */
export function syncPartitionAt(spans: FaultSpan[], nowS: number): { whole: boolean; nodes: string[] } {
  const partitions = activeSpans(spans, nowS).filter((s) => s.action === 'partition-sync');
  return { whole: partitions.some((s) => s.target === undefined), nodes: partitions.flatMap((s) => (s.target === undefined ? [] : [s.target])) };
}

/** Stacks spans into rows so overlapping bars do not hide each other: the row of each span, in order. */
export function assignLanes(spans: FaultSpan[], minWidthS = 0): number[] {
  const laneEnds: number[] = [];
  return spans.map((span) => {
    const end = Math.max(span.endS, span.startS + minWidthS);
    let lane = laneEnds.findIndex((e) => e <= span.startS);
    if (lane < 0) lane = laneEnds.length;
    laneEnds[lane] = end;
    return lane;
  });
}

/** The journal's live faults (`source: "fault"`) as records. */
export function journalFaults(journal: unknown): FaultRecord[] {
  if (!Array.isArray(journal)) return [];
  return journal.flatMap((entry: unknown) => {
    const e = entry as { atUs?: number; source?: string; action?: string; params?: Record<string, string> };
    if (e.source !== 'fault' || typeof e.action !== 'string' || typeof e.atUs !== 'number') return [];
    const num = (name: string): number | undefined => {
      const value = e.params?.[name] !== undefined ? Number(e.params[name]) : undefined;
      return Number.isFinite(value) ? value : undefined;
    };
    return [{ atS: e.atUs / 1e6, action: e.action, target: e.params?.['target'] || undefined, durationS: num('durationS'), lossRate: num('lossRate'), addedMs: num('addedMs'), source: 'live' as const }];
  });
}

/** The scenario's fault schedule as records. */
export function scheduledFaults(faults: unknown): FaultRecord[] {
  if (!Array.isArray(faults)) return [];
  return faults.flatMap((f: unknown) => {
    const fault = f as { atS?: number; action?: string; target?: string; durationS?: number; lossRate?: number; addedMs?: number };
    if (typeof fault.atS !== 'number' || typeof fault.action !== 'string') return [];
    return [{ atS: fault.atS, action: fault.action, target: fault.target, durationS: fault.durationS, lossRate: fault.lossRate, addedMs: fault.addedMs, source: 'schedule' as const }];
  });
}
