import { describe, expect, it } from 'vitest';
import type { TopologyInfo } from '../../worker/protocol';
import { examples } from '../../scenario/examples';
import { linkFaults, linksOfNode, parseDuration } from './catalog';
import { linkLooks, linkLookSignature } from './links';
import {
  checkSchedule,
  FAULT_ACTIONS,
  faultsToRows,
  linkTargets,
  newRow,
  problemOf,
  rowsToFaults,
  sortRows,
  targetKind,
  targetOptions,
} from './schedule';
import { faultSpans, type FaultRecord } from './spans';

const node = (id: number, kind: TopologyInfo['nodes'][number]['kind'], key: string, zone?: string) => ({
  id,
  kind,
  key,
  label: key,
  index: 0,
  zone,
});
const topology: Pick<TopologyInfo, 'nodes' | 'links'> = {
  nodes: [
    node(0, 'clients', 'clients:web'),
    node(1, 'internet', 'internet'),
    node(2, 'router', 'router'),
    node(3, 'lvs', 'lvs-1', 'cn-hangzhou-h'),
    node(4, 'lvs', 'lvs-2', 'cn-hangzhou-h'),
    node(5, 'sync', 'sync'),
    node(6, 'ecs', 'ecs:i-1', 'cn-hangzhou-h'),
    node(7, 'ecs', 'ecs:i-2', 'cn-hangzhou-i'),
    node(8, 'keyserver', 'keyserver-1'),
  ],
  links: [
    { id: 0, from: 0, to: 1, latencyUs: 1 },
    { id: 1, from: 1, to: 2, latencyUs: 1 },
    { id: 2, from: 2, to: 3, latencyUs: 1 },
    { id: 3, from: 2, to: 4, latencyUs: 1 },
    { id: 4, from: 3, to: 5, latencyUs: 1 },
    { id: 5, from: 3, to: 6, latencyUs: 1 },
    { id: 6, from: 4, to: 7, latencyUs: 1 },
  ],
};

describe('fault kinds and their targets', () => {
  it('lists every action of the scenario schema, the link faults included', () => {
    expect(FAULT_ACTIONS).toContain('crash');
    expect(FAULT_ACTIONS).toContain('link-oneway');
    expect(FAULT_ACTIONS.length).toBeGreaterThanOrEqual(21);
  });

  it('offers the valid targets per kind, none for the whole sync link, free text for a kind it does not know', () => {
    expect(targetOptions('crash', topology)).toEqual({
      options: [
        { value: 'lvs-1', label: 'lvs-1' },
        { value: 'lvs-2', label: 'lvs-2' },
      ],
      free: false,
    });
    expect(targetOptions('heal-sync', topology).options.map((o) => o.value)).toEqual(['', 'lvs-1', 'lvs-2']);
    expect(targetOptions('backend-errors', topology).options.map((o) => o.value)).toEqual(['i-1', 'i-2']);
    expect(targetOptions('keyserver-slow', topology).options.map((o) => o.value)).toEqual(['keyserver-1']);
    expect(targetOptions('tengine-crash', topology).options).toEqual([]);
    expect(targetOptions('link-loss', topology).options.map((o) => o.value)).toEqual([
      'clients:web->internet',
      'internet->router',
      'router->lvs-1',
      'router->lvs-2',
      'lvs-1->ecs:i-1',
      'lvs-2->ecs:i-2',
    ]);
    expect(targetOptions('zone-down', topology)).toEqual({
      options: [
        { value: 'cn-hangzhou-h', label: 'cn-hangzhou-h' },
        { value: 'cn-hangzhou-i', label: 'cn-hangzhou-i' },
      ],
      free: true,
    });
    expect(targetOptions('meteor-strike', topology)).toEqual({ options: [], free: true });
    expect(targetKind('upgrade')).toBe('lvs');
    expect(linkTargets(topology)).not.toContain('lvs-1->sync');
  });
});

describe('schedule rows', () => {
  it('round-trips faults, keeps text that is not a number for the rules to refuse, and leaves empty fields out', () => {
    const rows = faultsToRows([
      { atS: 20, action: 'crash', target: 'lvs-2', durationS: 5 },
      { atS: 1, action: 'link-loss', target: 'router->lvs-1', lossRate: 0.2 },
      { atS: 3, action: 'heal-sync' },
    ]);
    expect(rowsToFaults(rows)).toEqual([
      { atS: 20, action: 'crash', target: 'lvs-2', durationS: 5 },
      { atS: 1, action: 'link-loss', target: 'router->lvs-1', lossRate: 0.2 },
      { atS: 3, action: 'heal-sync' },
    ]);
    expect(rowsToFaults([newRow({ atS: 'soon', action: 'backend-weight', target: 'i-1', value: ' ' })])).toEqual([
      { atS: 'soon', action: 'backend-weight', target: 'i-1' },
    ]);
    expect(sortRows(rows).map((r) => r.atS)).toEqual(['1', '3', '20']);
    expect(sortRows([newRow({ atS: 'x' }), newRow({ atS: '2' })]).map((r) => r.atS)).toEqual(['2', 'x']);
  });

  it("maps the scenario rules' issues to faults[i].field, the schedule first", () => {
    expect(problemOf({ field: 'faults.2.target', message: 'm' })).toEqual({ row: 2, field: 'faults[2].target', message: 'm' });
    expect(problemOf({ field: 'faults.0', message: 'm' })).toEqual({ row: 0, field: 'faults[0]', message: 'm' });
    expect(problemOf({ field: 'cluster.lvsNodes', message: 'm' })).toEqual({ row: undefined, field: 'cluster.lvsNodes', message: 'm' });
    const file = JSON.parse(JSON.stringify(examples['l4-failover'])) as Record<string, unknown>;
    const bad = checkSchedule(
      file,
      rowsToFaults([
        newRow({ atS: '2', action: 'crash', target: 'lvs-99' }),
        newRow({ atS: '1', action: 'link-loss', target: 'router->lvs-1' }),
      ]),
    );
    expect(bad).toEqual({
      ok: false,
      problems: [
        { row: 0, field: 'faults[0].target', message: 'must name an LVS node lvs-1…lvs-4' },
        { row: 1, field: 'faults[1].lossRate', message: expect.stringContaining('link-loss needs a lossRate') as unknown as string },
      ],
    });
    const good = checkSchedule(file, rowsToFaults([newRow({ atS: '2', durationS: '5', action: 'crash', target: 'lvs-1' })]));
    expect(good.ok && good.file['faults']).toEqual([{ atS: 2, durationS: 5, action: 'crash', target: 'lvs-1' }]);
  });
});

describe('the node menu: durations and links', () => {
  it('reads the duration field: empty is until cleared, a positive number of seconds is durationS', () => {
    expect(parseDuration('')).toEqual({ ok: true, durationS: undefined });
    expect(parseDuration(' 5 ')).toEqual({ ok: true, durationS: 5 });
    for (const bad of ['0', '-1', 'soon', '40000000']) expect(parseDuration(bad).ok).toBe(false);
  });

  it('lists the data links touching a node, leaving ones first, with their four link faults', () => {
    expect(linksOfNode(topology, 3).map((l) => [l.target, l.outgoing])).toEqual([
      ['lvs-1->ecs:i-1', true],
      ['router->lvs-1', false],
    ]);
    expect(linksOfNode(topology, 5)).toEqual([]);
    const [link] = linksOfNode(topology, 2);
    expect(linkFaults(link!, 0.25, 40).map((f) => [f.action, f.target, f.label, f.lossRate ?? f.addedMs ?? null])).toEqual([
      ['link-loss', 'router->lvs-1', 'Loss 25% (both ways)', 0.25],
      ['link-latency', 'router->lvs-1', 'Latency +40 ms', 40],
      ['link-oneway', 'router->lvs-1', 'One-way: drop router → lvs-1', null],
      ['link-heal', 'router->lvs-1', 'Heal the link', null],
    ]);
  });
});

describe('link looks from the fault log', () => {
  const rec = (atS: number, action: string, target: string, extra: Partial<FaultRecord> = {}): FaultRecord => ({
    atS,
    action,
    target,
    source: 'live',
    ...extra,
  });
  it('labels each faulted link with what is wrong, both directions as one, until link-heal or a duration ends it', () => {
    const spans = faultSpans(
      [
        rec(1, 'link-loss', 'router->lvs-1', { lossRate: 0.2 }),
        rec(2, 'link-latency', 'lvs-1->router', { addedMs: 50 }),
        rec(3, 'link-oneway', 'lvs-1->ecs:i-1', { durationS: 2 }),
        rec(6, 'link-heal', 'lvs-1->router'),
      ],
      Number.POSITIVE_INFINITY,
    );
    expect([...linkLooks(spans, 0.5)]).toEqual([]);
    expect(Object.fromEntries([...linkLooks(spans, 4)].map(([pair, look]) => [pair, look.label]))).toEqual({
      'lvs-1<>router': 'loss 20% · +50 ms',
      'ecs:i-1<>lvs-1': 'one-way',
    });
    expect(linkLookSignature(spans, 5.5)).toBe('lvs-1<>router=loss 20% · +50 ms');
    expect(linkLookSignature(spans, 6)).toBe('');
    // The timeline: spans that end at the heal and at the duration.
    expect(spans.map((s) => [s.action, s.endS, s.clearedBy])).toEqual([
      ['link-loss', 6, 'link-heal'],
      ['link-latency', 6, 'link-heal'],
      ['link-oneway', 5, 'duration'],
    ]);
  });
});

describe('zone faults on the timeline', () => {
  it('runs zone-down until zone-up on the same zone', () => {
    const spans = faultSpans(
      [
        { atS: 1, action: 'zone-down', target: 'cn-hangzhou-h', source: 'schedule' },
        { atS: 4, action: 'zone-up', target: 'cn-hangzhou-i', source: 'schedule' },
        { atS: 6, action: 'zone-up', target: 'cn-hangzhou-h', source: 'schedule' },
      ],
      10,
    );
    expect(spans.map((s) => [s.action, s.startS, s.endS, s.clearedBy])).toEqual([['zone-down', 1, 6, 'zone-up']]);
  });
});
