import { describe, expect, it } from 'vitest';
import type { FailoverReport } from '../../engine/faults/failover-report';
import { faultCard } from './report-model';

const base: FailoverReport = {
  action: 'crash',
  target: 'lvs-1',
  atS: 1.5,
  endS: null,
  detectedAtS: 2,
  detectedBy: 'route-withdrawal',
  recoveredAtS: null,
  affected: { failover_unsynced: 3, failover_handshake: 7, in_flight: 1 },
  survived: 12,
  requestsFailed: {},
  extraCost: 0,
  extraCostRule: '',
  examples: { completed: [4, 5], failover_unsynced: [9, 11], failover_handshake: [2] },
};

describe('failover report cards', () => {
  it('names the fault, its times and who detected it', () => {
    const card = faultCard(base);
    expect(card).toMatchObject({ title: 'crash lvs-1', started: '1.5 s', ended: 'active', detected: '2 s by the router (route withdrawn)', recovered: 'not yet', survived: 12, survivedExamples: [4, 5] });
  });

  it('lists broken outcomes most first, with their reasons and examples, and totals them', () => {
    const card = faultCard(base);
    expect(card.broken).toEqual([
      { outcome: 'failover_handshake', count: 7, reason: 'handshake not finished when its flow moved', examples: [2] },
      { outcome: 'failover_unsynced', count: 3, reason: 'not yet synced to the node its flow moved to', examples: [9, 11] },
      { outcome: 'in_flight', count: 1, reason: 'still open on the faulty element', examples: [] },
    ]);
    expect(card.brokenTotal).toBe(11);
  });

  it('says when nothing detected it, a whole-link fault, and failed requests by status', () => {
    const card = faultCard({ ...base, action: 'partition-sync', target: undefined, detectedAtS: null, detectedBy: null, endS: 4, recoveredAtS: 5, requestsFailed: { none: 2, '502': 3 } });
    expect(card).toMatchObject({ title: 'partition-sync (whole sync link)', ended: '4 s', detected: 'not detected', recovered: '5 s', requestsFailed: '3 × 502, 2 × no response' });
  });
});
