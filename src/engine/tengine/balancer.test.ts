import { describe, expect, it } from 'vitest';
import { UpstreamBalancer, type PassiveFailure, type UpstreamAlgorithm } from './balancer';

const S = 1_000_000;
/** nginx's defaults, which SLB uses (DOMAIN §3): max_fails 1, fail_timeout 10 s. */
const nginxDefaults: PassiveFailure = { maxFails: 1, failTimeoutUs: 10 * S };

function balancer(algorithm: UpstreamAlgorithm, weights: number[], failure: PassiveFailure = nginxDefaults): UpstreamBalancer {
  return new UpstreamBalancer(algorithm, weights, failure);
}

/** `count` picks at time `nowUs`, as letters a, b, c… (- for none). */
function picks(b: UpstreamBalancer, count: number, nowUs = 0, tried?: number): string {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const p = b.pick(nowUs, tried);
    out.push(p < 0 ? '-' : 'abcdefgh'[p] ?? '?');
  }
  return out.join(' ');
}

describe('wrr: nginx smooth weighted round-robin', () => {
  it('weights {5,1,1} pick a a b a c a a, then repeat', () => {
    expect(picks(balancer('wrr', [5, 1, 1]), 14)).toBe('a a b a c a a a a b a c a a');
  });

  it('a failure lowers the effective weight by weight/max_fails, and each pick raises it back by one', () => {
    const b = balancer('wrr', [4, 4], { maxFails: 2, failTimeoutUs: 10 * S });
    b.fail(0, 0);
    expect(b.isMarkedDown(0, 0)).toBe(false); // 1 fail of 2
    expect(b.effective[0]).toBe(2); // 4 - 4/2
    // Without the drop the two would alternate a b a b; peer a gains only 2, then 3, so b goes first.
    expect(picks(b, 1)).toBe('b');
    expect(b.effective[0]).toBe(3);
    expect(picks(b, 1)).toBe('a');
    expect(b.effective[0]).toBe(4);
    expect(picks(b, 1)).toBe('b');
    expect(b.effective[0]).toBe(4); // never above the configured weight
  });

  it('floors the effective weight at 0 and divides as integers', () => {
    const b = balancer('wrr', [5, 5], { maxFails: 2, failTimeoutUs: 10 * S });
    b.fail(0, 0);
    expect(b.effective[0]).toBe(3); // 5 - floor(5/2)
    b.fail(1, 0);
    b.fail(1, 0); // marked down now; effective 5 - 2 - 2 = 1
    b.fail(1, 0);
    expect(b.effective[1]).toBe(0);
  });
});

describe('wlc: nginx least_conn', () => {
  it('picks the least conns relative to weight, compared by cross-multiplication', () => {
    const b = balancer('wlc', [1, 2, 1]);
    b.acquire(0);
    b.acquire(1);
    expect(b.pick(0)).toBe(2); // 1/1, 1/2, 0/1
    b.acquire(2);
    expect(b.pick(0)).toBe(1); // 1/1, 1/2, 1/1
    b.acquire(1);
    b.acquire(1);
    expect(b.conns[1]).toBe(3);
    b.release(0);
    expect(b.pick(0)).toBe(0); // 0/1, 3/2, 1/1
  });

  it('breaks a tie among all peers by smooth WRR, not by the first peer', () => {
    // All idle: weights {1,2,1} as smooth WRR gives b a c b.
    expect(picks(balancer('wlc', [1, 2, 1]), 4)).toBe('b a c b');
  });

  it('breaks a tie by smooth WRR over just the tied peers', () => {
    // Peer b is busier; a and c tie, and b must not even take part in their WRR round.
    const b = balancer('wlc', [1, 1, 1]);
    b.acquire(1);
    expect(picks(b, 4)).toBe('a c a c');
    // Its current weight did not grow meanwhile, so once freed it does not jump ahead.
    b.release(1);
    expect(picks(b, 3)).toBe('a b c');
  });

  it('treats equal ratios as a tie: conns {3,1} with weights {3,1}', () => {
    const b = balancer('wlc', [3, 1]);
    for (let i = 0; i < 3; i++) b.acquire(0);
    b.acquire(1);
    expect(picks(b, 4)).toBe('a a b a'); // smooth WRR with {3,1}
  });
});

describe('rr: plain rotation', () => {
  it('rotates over the usable peers whatever their weights', () => {
    expect(picks(balancer('rr', [5, 1, 1]), 7)).toBe('a b c a b c a');
  });

  it('skips a marked-down peer and continues the rotation past it', () => {
    const b = balancer('rr', [1, 1, 1]);
    expect(picks(b, 1)).toBe('a');
    b.fail(1, 0);
    expect(picks(b, 4)).toBe('c a c a');
  });
});

describe('passive failure (max_fails, fail_timeout)', () => {
  const failure: PassiveFailure = { maxFails: 2, failTimeoutUs: 10 * S };

  for (const algorithm of ['wrr', 'wlc', 'rr'] as const) {
    it(`${algorithm}: max_fails failures mark a peer down until fail_timeout passes; then it is tried and a success clears it`, () => {
      const b = balancer(algorithm, [1, 1], failure);
      b.fail(0, 0);
      expect(b.isMarkedDown(0, 1 * S)).toBe(false);
      b.fail(0, 1 * S);
      expect(b.isMarkedDown(0, 1 * S)).toBe(true);
      expect(b.markedDown(1 * S)).toBe(1);
      expect(picks(b, 4, 2 * S)).toBe('b b b b');
      expect(picks(b, 2, 11 * S)).toBe('b b'); // exactly fail_timeout after the last failure: still down
      const t = 11 * S + 1;
      expect(b.isMarkedDown(0, t)).toBe(false);
      let p = b.pick(t);
      if (p !== 0) p = b.pick(t);
      expect(p).toBe(0); // tried again within a round
      b.succeed(0, t);
      // Cleared: two more failures are needed to mark it down again.
      b.fail(0, t + 1);
      expect(b.isMarkedDown(0, t + 1)).toBe(false);
    });
  }

  it('without a success, one failure after fail_timeout marks the peer down again at once', () => {
    const b = balancer('wrr', [1, 1], failure);
    b.fail(0, 0);
    b.fail(0, 0);
    const t = 10 * S + 1;
    expect(picks(b, 1, t)).toBe('a');
    b.fail(0, t);
    expect(b.isMarkedDown(0, t)).toBe(true);
    expect(picks(b, 2, t)).toBe('b b');
  });

  it('a success clears fails only after a pick opened a new check period, as nginx (accessed < checked)', () => {
    const b = balancer('wrr', [1, 1], failure);
    b.fail(0, 0);
    b.succeed(0, 1 * S); // no pick since the failure: fails stay 1
    b.fail(0, 2 * S);
    expect(b.isMarkedDown(0, 2 * S)).toBe(true);

    const c = balancer('wrr', [1, 1], failure);
    c.fail(0, 0);
    expect(picks(c, 2, 15 * S)).toContain('a'); // picked after fail_timeout: checked = now
    c.succeed(0, 15 * S);
    c.fail(0, 16 * S);
    expect(c.isMarkedDown(0, 16 * S)).toBe(false);
  });

  it('max_fails 0 never marks a peer down and keeps its effective weight', () => {
    const b = balancer('wrr', [1, 1], { maxFails: 0, failTimeoutUs: 10 * S });
    for (let i = 0; i < 5; i++) b.fail(0, 0);
    expect(b.markedDown(0)).toBe(0);
    expect(b.effective[0]).toBe(1);
    expect(picks(b, 2)).toBe('a b');
  });

  it('all peers marked down → -1 (nginx: 502 no live upstreams)', () => {
    for (const algorithm of ['wrr', 'wlc', 'rr'] as const) {
      const b = balancer(algorithm, [1, 2, 3]);
      for (let i = 0; i < 3; i++) b.fail(i, 0);
      expect(b.markedDown(0)).toBe(3);
      expect(b.pick(1 * S)).toBe(-1);
      expect(b.explain(-1, 1 * S)).toContain('no live upstreams');
    }
  });

  it('a single peer is never marked down, as nginx\'s single-peer path ignores max_fails', () => {
    const b = balancer('wrr', [1]);
    b.fail(0, 0);
    b.fail(0, 0);
    expect(b.isMarkedDown(0, 0)).toBe(false);
    expect(b.pick(0)).toBe(0);
  });
});

describe('usable peers', () => {
  it('skips the peers this request already tried', () => {
    for (const algorithm of ['wrr', 'wlc', 'rr'] as const) {
      const b = balancer(algorithm, [1, 1, 1]);
      expect(picks(b, 4, 0, 0b001)).not.toContain('a');
      expect(b.pick(0, 0b111)).toBe(-1);
    }
  });

  it('never picks a peer of weight 0', () => {
    for (const algorithm of ['wrr', 'wlc', 'rr'] as const) {
      expect(picks(balancer(algorithm, [0, 1, 0]), 5)).toBe('b b b b b');
      expect(balancer(algorithm, [0]).pick(0)).toBe(-1);
      expect(balancer(algorithm, [0, 0]).pick(0)).toBe(-1);
    }
  });

  it('setWeight takes effect on the next pick', () => {
    const b = balancer('wrr', [1, 1]);
    b.setWeight(0, 0);
    expect(picks(b, 3)).toBe('b b b');
    b.setWeight(0, 3);
    expect(b.effective[0]).toBe(3);
    expect(picks(b, 8)).toBe('a a b a a a b a'); // smooth WRR with {3,1}
    b.setWeight(1, 0);
    expect(picks(b, 2)).toBe('a a');

    const r = balancer('rr', [1, 1, 1]);
    r.setWeight(1, 0);
    expect(picks(r, 4)).toBe('a c a c');
  });

  it('a health-check recovery at the same weight keeps the lowered effective weight', () => {
    const b = balancer('wrr', [4, 4], { maxFails: 2, failTimeoutUs: 10 * S });
    b.fail(0, 0);
    b.setWeight(0, 0);
    b.setWeight(0, 4);
    expect(b.effective[0]).toBe(2);
  });
});

describe('explain', () => {
  it('names the algorithm, what it compared and the peers it skipped', () => {
    const b = balancer('wlc', [1, 2, 1]);
    b.fail(2, 0);
    b.acquire(0);
    const p = b.pick(2 * S);
    expect(p).toBe(1);
    expect(b.explain(p, 2 * S)).toBe(
      'wlc: peer 1 with conns/weight 0/2, the least of 1/1 0/2 (ties by smooth WRR); skipped peer 2 marked down (1 fails, 8.0 s left)',
    );
    const w = balancer('wrr', [5, 0, 1]);
    expect(w.explain(w.pick(0), 0)).toBe(
      'wrr: peer 0 by smooth weighted round-robin over weight/effective 5/5 1/1; skipped peer 1 down (weight 0 or health check)',
    );
  });
});
