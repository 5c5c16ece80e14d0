import { describe, expect, it } from 'vitest';
import type { NodeStates } from '../../worker/protocol';
import { faultsForNode } from './catalog';
import { activeSpans, assignLanes, faultSpans, journalFaults, syncPartitionAt, type FaultRecord } from './spans';
import { clearAllCommands, nodeLooks } from './state';

const rec = (atS: number, action: string, target?: string, durationS?: number): FaultRecord => ({ atS, action, target, durationS, source: 'schedule' });

describe('faultsForNode', () => {
  it('offers each node kind its faults with the engine target id', () => {
    expect(faultsForNode('lvs', 'lvs-2').map((f) => [f.action, f.target])).toEqual([
      ['crash', 'lvs-2'],
      ['upgrade', 'lvs-2'],
      ['recover', 'lvs-2'],
      ['partition-sync', 'lvs-2'],
      ['heal-sync', 'lvs-2'],
    ]);
    expect(faultsForNode('tengine', 'tengine-1').map((f) => f.action)).toEqual(['tengine-crash', 'tengine-recover']);
    expect(faultsForNode('keyserver', 'keyserver-1').map((f) => f.action)).toEqual(['keyserver-down', 'keyserver-slow', 'keyserver-up']);
    const ecs = faultsForNode('ecs', 'ecs:i-ecs3');
    expect(ecs.map((f) => f.action)).toEqual(['backend-down', 'backend-slow', 'backend-refuse', 'backend-remove', 'backend-up']);
    expect(new Set(ecs.map((f) => f.target))).toEqual(new Set(['i-ecs3']));
    expect(faultsForNode('sync', 'sync').map((f) => [f.action, f.target])).toEqual([
      ['partition-sync', undefined],
      ['heal-sync', undefined],
    ]);
  });

  it('marks the clearing actions and offers nothing on clients, router or egress', () => {
    expect(faultsForNode('lvs', 'lvs-1').filter((f) => f.clears).map((f) => f.action)).toEqual(['recover', 'heal-sync']);
    for (const kind of ['clients', 'internet', 'router', 'eip', 'nat', 'external'] as const) expect(faultsForNode(kind, 'x', 'cn-hangzhou-h')).toEqual([]);
    // A node in a zone offers the zone's outage too; the sync bus does not.
    expect(faultsForNode('ecs', 'ecs:i-ecs3', 'cn-hangzhou-i').slice(-2).map((f) => [f.action, f.target, f.clears])).toEqual([
      ['zone-down', 'cn-hangzhou-i', false],
      ['zone-up', 'cn-hangzhou-i', true],
    ]);
    expect(faultsForNode('sync', 'sync', 'cn-hangzhou-h').map((f) => f.action)).toEqual(['partition-sync', 'heal-sync']);
  });
});

describe('faultSpans', () => {
  it('pairs each fault with the clearing action on the same target', () => {
    const spans = faultSpans(
      [rec(20, 'crash', 'lvs-2'), rec(5, 'partition-sync'), rec(30, 'backend-slow', 'i-1'), rec(60, 'recover', 'lvs-2'), rec(40, 'heal-sync'), rec(45, 'backend-up', 'i-1'), rec(50, 'recover', 'lvs-1')],
      100,
    );
    expect(spans.map((s) => [s.action, s.target, s.startS, s.endS, s.cleared, s.clearedBy])).toEqual([
      ['partition-sync', undefined, 5, 40, true, 'heal-sync'],
      ['crash', 'lvs-2', 20, 60, true, 'recover'],
      ['backend-slow', 'i-1', 30, 45, true, 'backend-up'],
    ]);
  });

  it('runs a fault nothing clears to the end of the run', () => {
    const [span] = faultSpans([rec(10, 'tengine-crash', 'tengine-1'), rec(20, 'tengine-recover', 'tengine-2')], 70);
    expect(span).toMatchObject({ startS: 10, endS: 70, cleared: false });
  });

  it('ends a fault at its own duration, at a different fault on the same target, and ignores a repeat or a second LVS failure', () => {
    const spans = faultSpans([rec(1, 'keyserver-slow', 'keyserver-1', 4), rec(10, 'backend-slow', 'i-1'), rec(12, 'backend-slow', 'i-1'), rec(15, 'backend-down', 'i-1'), rec(20, 'upgrade', 'lvs-1'), rec(25, 'crash', 'lvs-1')], 50);
    expect(spans.map((s) => [s.action, s.startS, s.endS, s.clearedBy ?? null])).toEqual([
      ['keyserver-slow', 1, 5, 'duration'],
      ['backend-slow', 10, 15, 'backend-down'],
      ['backend-down', 15, 50, null],
      ['upgrade', 20, 50, null],
    ]);
  });

  it('keeps a partition of one node apart from the whole link', () => {
    const spans = faultSpans([rec(1, 'partition-sync', 'lvs-1'), rec(2, 'partition-sync'), rec(3, 'heal-sync')], 10);
    expect(syncPartitionAt(spans, 2.5)).toEqual({ whole: true, nodes: ['lvs-1'] });
    expect(syncPartitionAt(spans, 4)).toEqual({ whole: false, nodes: ['lvs-1'] });
    expect(syncPartitionAt(spans, 0.5)).toEqual({ whole: false, nodes: [] });
  });

  it('shows backend-weight as a point, never active', () => {
    const spans = faultSpans([rec(3, 'backend-weight', 'i-1')], 10);
    expect(spans).toMatchObject([{ startS: 3, endS: 3 }]);
    expect(activeSpans(spans, 3)).toEqual([]);
    // A fault cleared at the moment it started is still a span, not a point.
    expect(faultSpans([rec(5, 'crash', 'lvs-1'), rec(5, 'recover', 'lvs-1')], 10)).toMatchObject([{ startS: 5, endS: 5, instant: false, clearedBy: 'recover' }]);
  });

  it('stacks overlapping spans into lanes', () => {
    const spans = faultSpans([rec(0, 'crash', 'lvs-1'), rec(5, 'crash', 'lvs-2'), rec(20, 'recover', 'lvs-1'), rec(25, 'tengine-crash', 'tengine-1')], 30);
    expect(assignLanes(spans)).toEqual([0, 1, 0]);
  });
});

describe('journalFaults', () => {
  it('reads live faults from the journal and skips API changes', () => {
    const journal = [
      { atUs: 1_500_000, source: 'api', action: 'SetBackendServers', params: {} },
      { atUs: 2_000_000, source: 'fault', action: 'crash', params: { target: 'lvs-1' } },
      { atUs: 3_000_000, source: 'fault', action: 'heal-sync', params: { durationS: '5' } },
    ];
    expect(journalFaults(journal)).toEqual([
      { atS: 2, action: 'crash', target: 'lvs-1', durationS: undefined, source: 'live' },
      { atS: 3, action: 'heal-sync', target: undefined, durationS: 5, source: 'live' },
    ]);
    expect(journalFaults(undefined)).toEqual([]);
  });
});

const topology = {
  nodes: [
    { id: 3, kind: 'lvs' as const, key: 'lvs-1' },
    { id: 4, kind: 'lvs' as const, key: 'lvs-2' },
    { id: 5, kind: 'sync' as const, key: 'sync' },
    { id: 6, kind: 'tengine' as const, key: 'tengine-1' },
    { id: 7, kind: 'keyserver' as const, key: 'keyserver-1' },
    { id: 8, kind: 'ecs' as const, key: 'ecs:i-a' },
    { id: 9, kind: 'ecs' as const, key: 'ecs:i-b' },
    { id: 10, kind: 'ecs' as const, key: 'ecs:i-c' },
    { id: 11, kind: 'ecs' as const, key: 'ecs:i-d' },
  ].map((n) => ({ ...n, label: n.key, index: 0, zone: undefined })),
};

function states(): NodeStates {
  const lvs = (nodeId: number, up: boolean, announced: boolean) => ({ nodeId, up, announced, active: 0, inactive: 0, synced: 0, syncedHeld: 0, flows: 0, resets: 0, lastFailure: undefined, localAddresses: '', localPortsInUse: 0 });
  const backend = (nodeId: number, condition: string) => ({ nodeId, health: 'normal', condition, weight: 100, open: 0, upstreamOpen: 0, requestsPerSecond: 0, lastFailure: undefined });
  return {
    lvs: [lvs(3, false, true), lvs(4, true, false)],
    backends: [backend(8, 'healthy'), backend(9, 'slow'), backend(10, 'removed'), backend(11, 'down')],
    tengine: [{ nodeId: 6, up: false, requests: 0, clientConnections: 0, upstreamConnections: 0, markedDown: 0, lastFailure: undefined }],
    listeners: [],
    keyServers: [{ nodeId: 7, up: true, slow: true, requests: 0, errors: 0, busy: 0, latencyP50Ms: 0, latencyP99Ms: 0, lastFailure: undefined }],
  };
}

describe('nodeLooks', () => {
  it('reads failed, withdrawn, black-holed, partitioned and degraded from the frame and the spans', () => {
    const spans = faultSpans([rec(1, 'partition-sync', 'lvs-2')], Infinity);
    const looks = nodeLooks(topology, states(), spans, 2);
    expect(looks.get(3)).toMatchObject({ failed: true, blackhole: true, withdrawn: false, partitioned: false });
    expect(looks.get(4)).toMatchObject({ failed: false, withdrawn: true, partitioned: true });
    expect(looks.get(5)).toMatchObject({ partitioned: false });
    expect(looks.get(6)).toMatchObject({ failed: true });
    expect(looks.get(7)).toMatchObject({ failed: false, degraded: 'slow' });
    expect(looks.get(8)).toMatchObject({ failed: false, degraded: '' });
    expect(looks.get(9)).toMatchObject({ degraded: 'slow' });
    expect(looks.get(10)).toMatchObject({ degraded: 'removed' });
    expect(looks.get(11)).toMatchObject({ failed: true, degraded: '' });
    expect(nodeLooks(topology, states(), faultSpans([rec(1, 'partition-sync')], Infinity), 2).get(5)).toMatchObject({ partitioned: true });
  });
});

describe('clearAllCommands', () => {
  it('recovers, heals and restores everything faulty now, and leaves an API-removed backend alone', () => {
    const spans = faultSpans([rec(1, 'partition-sync', 'lvs-2'), rec(1, 'partition-sync'), rec(2, 'partition-sync', 'lvs-1'), rec(3, 'heal-sync', 'lvs-1')], Infinity);
    expect(clearAllCommands(topology, states(), spans, 5)).toEqual([
      { action: 'recover', target: 'lvs-1' },
      { action: 'tengine-recover', target: 'tengine-1' },
      { action: 'keyserver-up', target: 'keyserver-1' },
      { action: 'backend-up', target: 'i-b' },
      { action: 'backend-up', target: 'i-d' },
      { action: 'heal-sync', target: 'lvs-2' },
      { action: 'heal-sync', target: undefined },
    ]);
  });

  it('restores a backend a backend-remove fault removed, and asks nothing when all is well', () => {
    const spans = faultSpans([rec(1, 'backend-remove', 'i-c')], Infinity);
    expect(clearAllCommands(topology, states(), spans, 2)).toContainEqual({ action: 'backend-up', target: 'i-c' });
    expect(clearAllCommands(topology, undefined, [], 0)).toEqual([]);
  });

  it('ends zone outages with zone-up and faulted links with one link-heal each, before anything else', () => {
    const spans = faultSpans(
      [rec(1, 'zone-down', 'cn-hangzhou-h'), rec(1, 'link-loss', 'lvs-1->ecs:i-a'), rec(1, 'link-latency', 'ecs:i-a->lvs-1'), rec(1, 'link-oneway', 'router->lvs-2'), rec(2, 'link-oneway', 'internet->router'), rec(3, 'link-heal', 'router->internet')],
      Infinity,
    );
    const commands = clearAllCommands(topology, undefined, spans, 5);
    expect(commands).toHaveLength(3);
    expect(commands).toContainEqual({ action: 'zone-up', target: 'cn-hangzhou-h' });
    expect(commands).toContainEqual({ action: 'link-heal', target: 'router->lvs-2' });
    expect(commands.filter((c) => c.action === 'link-heal' && c.target?.includes('i-a'))).toHaveLength(1);
  });
});
