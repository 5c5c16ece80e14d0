import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../scenario/schema';
import { run } from '../../test/engine-harness';
import { oneLoadBalancer, attached } from '../../scenario/examples/shared';

/**
 * Session persistence (DOMAIN §3): a cookie-keeping client stays on one backend until its cookie
 * expires, and moves earlier only when that backend is down; clients that drop cookies are not sticky.
 */

function sticky(options: { cookies?: 'keep' | 'drop'; type?: 'insert' | 'server'; faults?: ScenarioInput['faults'] } = {}): ScenarioInput {
  const type = options.type ?? 'insert';
  return oneLoadBalancer({
    cluster: { lvsNodes: 2, tengineNodes: 2, keyServers: 1 },
    listeners: [
      {
        ListenerProtocol: 'http',
        ListenerPort: 80,
        Scheduler: 'wrr',
        StickySession: 'on',
        StickySessionType: type,
        ...(type === 'insert' ? { CookieTimeout: 3 } : { Cookie: 'JSESSIONID' }),
        HealthCheckInterval: 1,
        HealthCheckTimeout: 1,
        UnhealthyThreshold: 2,
        RequestTimeout: 2,
      },
    ],
    ...attached(['i-b1', 'i-b2', 'i-b3'].map((ServerId, i) => ({ ServerId, PrivateIp: `10.0.0.${i + 1}`, serviceTimeMs: 2 }))),
    clients: [
      {
        ListenerPort: 80,
        // One client address: one cookie jar.
        clientIps: 1,
        arrival: { type: 'constant', connectionsPerSecond: 4, stopAfterSeconds: 11 },
        exchanges: 1,
        http: { cookies: options.cookies ?? 'keep', mix: [{ host: 'www.example.com', path: '/', contentType: 'text/html' }] },
      },
    ],
    faults: options.faults ?? [],
  });
}

/** Each request's backend, in time order, from the journeys. */
function backendsOverTime(input: ScenarioInput): { t: number; backend: string }[] {
  const { journal } = run(input, 14);
  return journal.entries
    .filter((e) => e.event === 'upstream')
    .map((e) => ({ t: e.timeUs / 1e6, backend: /→ (i-b\d):/.exec(e.reason)![1]! }))
    .sort((a, b) => a.t - b.t);
}

/** The times the backend changed from one request to the next. */
function switches(series: { t: number; backend: string }[]): { t: number; from: string; to: string }[] {
  const out: { t: number; from: string; to: string }[] = [];
  for (let i = 1; i < series.length; i++) if (series[i]!.backend !== series[i - 1]!.backend) out.push({ t: series[i]!.t, from: series[i - 1]!.backend, to: series[i]!.backend });
  return out;
}

describe('StickySession insert: the SERVERID cookie', () => {
  it('keeps the client on one backend for CookieTimeout, then re-balances once per cookie lifetime', () => {
    const series = backendsOverTime(sticky());
    expect(series.length).toBeGreaterThan(30);
    const moves = switches(series);
    // The first cookie is set at the first request (~0.25 s + RTT) and lasts 3 s: moves come about every 3 s, never sooner.
    expect(moves.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < moves.length; i++) expect(moves[i]!.t - moves[i - 1]!.t).toBeGreaterThanOrEqual(3);
    expect(moves[0]!.t - series[0]!.t).toBeGreaterThanOrEqual(3);
  });

  it('moves earlier only when its backend goes down, to a backend that is up', () => {
    const calm = backendsOverTime(sticky());
    // The backend the client is on after its first re-balance, taken down 0.5 s later.
    const firstMove = switches(calm)[0]!;
    const target = firstMove.to;
    const downAt = firstMove.t + 0.5;
    const series = backendsOverTime(sticky({ faults: [{ atS: downAt, action: 'backend-down', target }] }));
    const moves = switches(series);
    const early = moves.find((m) => m.from === target && m.t > downAt)!;
    // Before its cookie's 3 s were up: the move is because the backend went down.
    expect(early.t - firstMove.t).toBeLessThan(3);
    expect(early.to).not.toBe(target);
    // Until then the client stayed put.
    expect(series.filter((s) => s.t >= firstMove.t && s.t < downAt).every((s) => s.backend === target)).toBe(true);
  });
});

describe('StickySession server: the application cookie', () => {
  it('does not expire: the client stays on one backend for the whole run', () => {
    const series = backendsOverTime(sticky({ type: 'server' }));
    expect(series.length).toBeGreaterThan(30);
    expect(new Set(series.map((s) => s.backend)).size).toBe(1);
  });
});

describe('clients that drop cookies', () => {
  it('are balanced request by request across the backends', () => {
    const series = backendsOverTime(sticky({ cookies: 'drop' }));
    const firstThreeSeconds = new Set(series.filter((s) => s.t < 3).map((s) => s.backend));
    expect(firstThreeSeconds.size).toBe(3);
  });
});
