import { describe, expect, it } from 'vitest';
import { Simulation } from '../engine/simulation';
import { examples } from '../scenario/examples';
import { parseScenario } from '../scenario/validate';
import { US_PER_S } from '../shared/units';
import { formatReport } from './report';
import { withLoadBalancer } from '../scenario/examples/shared';

function textOf(input: Parameters<typeof parseScenario>[0]): string {
  const sim = new Simulation(parseScenario(input));
  sim.runUntil(3 * US_PER_S);
  return formatReport(sim.report());
}

describe('the text report: bandwidth caps', () => {
  const l4 = examples['l4-basic']!;

  it('lists each shaped listener in and out, with what its limiter passed, delayed, dropped and resent', () => {
    const text = textOf(withLoadBalancer(l4, (lb) => ({ ...lb, listeners: lb.listeners!.map((l) => ({ ...l, Bandwidth: 5 })) })));
    expect(text).toContain('bandwidth caps  queue 100 ms, burst 10 ms\n');
    const rows = text.split('\n').filter((line) => /^ {16}:80\s+listener\s+5\s+(in|out)\s/.test(line));
    expect(rows).toHaveLength(2);
    const out = rows[1]!.trim().split(/\s+/);
    // :80 listener 5 out bytes delayed dropped resent maxQueueMs
    expect(Number(out[5])).toBeGreaterThan(0);
    expect(Number(out[6])).toBeGreaterThan(0);
    expect(Number(out[8])).toBeGreaterThan(0);
    expect(Number(out[8])).toBeLessThanOrEqual(100);
  });

  it('names the shared pool of a paybybandwidth instance', () => {
    const text = textOf(withLoadBalancer(l4, (lb) => ({ ...lb, InternetChargeType: 'paybybandwidth', Bandwidth: 10 })));
    expect(text).toContain('bandwidth caps  queue 100 ms, burst 10 ms, shared pool 10 Mbit/s\n');
    expect(text).toMatch(/\n {16}:80\s+instance\s+10\s+out\s/);
  });

  it('says nothing when no listener is shaped', () => {
    expect(textOf(l4)).not.toContain('bandwidth caps');
  });
});
