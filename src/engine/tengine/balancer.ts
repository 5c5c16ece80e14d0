/**
 * Upstream peer selection as one Tengine worker does it, after nginx's
 * ngx_http_upstream_round_robin.c (`ngx_http_upstream_get_peer`, `..._free_round_robin_peer`) and
 * ngx_http_upstream_least_conn_module.c. One balancer per (Tengine node, server group); every
 * per-peer field nginx keeps in its peer struct is a typed array here, so a pick allocates nothing.
 *
 * Passive failure, as nginx: a failed attempt bumps `fails`, stamps `checked = accessed = now` and
 * lowers the effective weight by weight / max_fails (integer division, floor 0); each pass over a
 * usable peer raises it again by one, so a peer that failed comes back gradually. A peer is skipped
 * while `max_fails && fails >= max_fails && now - checked <= fail_timeout`. When it is picked once
 * fail_timeout has passed, `checked = now`; a success after that (`accessed < checked`) clears
 * `fails`. Two deliberate consequences of copying nginx rather than its documentation: failures do
 * not decay with time on their own (only a success after a fresh pick clears them), and one failure
 * after fail_timeout disables the peer again at once.
 *
 * A group of exactly one peer is nginx's `peers->single`: max_fails and fail_timeout are ignored and
 * every release clears `fails`, so the only peer is never marked down; each request to a broken one
 * fails on its own instead of "no live upstreams".
 *
 * Times are microseconds of simulated time; nginx compares whole seconds, so its peers stay down up
 * to a second longer than fail_timeout. That jitter is not modelled.
 */

export type UpstreamAlgorithm = 'wrr' | 'wlc' | 'rr';

/** nginx `max_fails` (0 = never mark a peer down) and `fail_timeout`. */
export interface PassiveFailure {
  maxFails: number;
  failTimeoutUs: number;
}

/** Whether `peer` is in the `tried` bitmap (peers past 32 are never marked tried, as before). */
function wasTried(tried: number, peer: number): boolean {
  return peer < 32 && (tried & (1 << peer)) !== 0;
}

export class UpstreamBalancer {
  algorithm: UpstreamAlgorithm;
  /** Requests in flight per peer (`peer->conns`); wlc reads it, acquire/release keep it. */
  conns: Int32Array;
  /** nginx `effective_weight`: the weight the smooth WRR step adds; lowered by failures. */
  effective: Int32Array;
  /** nginx `current_weight`. */
  private current: Int32Array;
  /** Configured weight; kept while the peer is down so a health-check recovery resumes where it was. */
  private weight: Int32Array;
  /** 1 = weight 0 or failing health checks (nginx `down`, Tengine's check module flag). */
  private down: Uint8Array;
  private fails: Int32Array;
  private checked: Float64Array;
  private accessed: Float64Array;
  private readonly maxFails: number;
  private readonly failTimeoutUs: number;
  private single: boolean;
  /** The peer of a single-server group (0 unless a configuration change left another one alone). */
  private singlePeer = 0;
  /** rr: the last peer picked; the next pick starts after it. */
  private cursor = -1;

  constructor(algorithm: UpstreamAlgorithm, weights: ArrayLike<number>, failure: PassiveFailure) {
    const n = weights.length;
    this.algorithm = algorithm;
    this.conns = new Int32Array(n);
    this.effective = new Int32Array(n);
    this.current = new Int32Array(n);
    this.weight = new Int32Array(n);
    this.down = new Uint8Array(n);
    this.fails = new Int32Array(n);
    this.checked = new Float64Array(n);
    this.accessed = new Float64Array(n);
    this.maxFails = Math.max(0, Math.trunc(failure.maxFails));
    this.failTimeoutUs = failure.failTimeoutUs;
    this.single = n === 1;
    for (let i = 0; i < n; i++) {
      const w = Math.max(0, Math.trunc(weights[i] as number));
      this.weight[i] = w;
      this.effective[i] = w;
      this.down[i] = w === 0 ? 1 : 0;
    }
  }

  /**
   * A server joined the group (a configuration change): the peer arrays grow by one, the new peer
   * down until setWeight gives it a weight; the others keep their state.
   */
  addPeer(): number {
    const n = this.weight.length;
    const grow = <T extends Int32Array | Uint8Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(n + 1);
      b.set(a);
      return b;
    };
    this.conns = grow(this.conns);
    this.effective = grow(this.effective);
    this.current = grow(this.current);
    this.weight = grow(this.weight);
    this.down = grow(this.down);
    this.fails = grow(this.fails);
    this.checked = grow(this.checked);
    this.accessed = grow(this.accessed);
    this.down[n] = 1;
    return n;
  }

  /** nginx's `peers->single` follows the group's membership: exactly one server in it, `peer`. */
  setSingle(single: boolean, peer: number): void {
    this.single = single;
    this.singlePeer = single ? peer : 0;
  }

  get peers(): number {
    return this.weight.length;
  }

  /**
   * Configured weight; 0 = not usable (health check down or weight 0). Coming back at the same
   * weight keeps the peer's smooth-WRR state, as Tengine's health check only flips a down flag; a
   * new weight resets the effective weight to it, as a reconfiguration builds a fresh peer.
   */
  setWeight(peer: number, weight: number): void {
    const w = Math.max(0, Math.trunc(weight));
    if (w === 0) {
      this.down[peer] = 1;
      return;
    }
    this.down[peer] = 0;
    if (w !== this.weight[peer]) {
      this.weight[peer] = w;
      this.effective[peer] = w;
    }
  }

  /**
   * The next peer for a request, or -1 when none is usable (nginx: 502 "no live upstreams").
   * `tried` is the bitmap of peers this request already tried (nginx's `rrp->tried`; bit p for peer
   * p < 32): a retry skips them. A bitmap, not a predicate: no closure per request.
   */
  pick(nowUs: number, tried = 0): number {
    let best: number;
    if (this.single) {
      // nginx's single-peer path checks only `down` (its tries count stops a second attempt).
      const only = this.singlePeer;
      best = this.down[only] === 0 && !wasTried(tried, only) ? only : -1;
    } else if (this.algorithm === 'wrr') {
      best = this.pickWrr(nowUs, tried);
    } else if (this.algorithm === 'wlc') {
      best = this.pickLeastConn(nowUs, tried);
    } else {
      best = this.pickRotation(nowUs, tried);
    }
    // Picking a peer whose fail_timeout has passed starts a new check period: a success from now clears its fails.
    if (best >= 0 && nowUs - (this.checked[best] as number) > this.failTimeoutUs) this.checked[best] = nowUs;
    return best;
  }

  acquire(peer: number): void {
    this.conns[peer] = (this.conns[peer] as number) + 1;
  }

  release(peer: number): void {
    if ((this.conns[peer] as number) > 0) this.conns[peer] = (this.conns[peer] as number) - 1;
  }

  /** A failed attempt (connect error, reset, timeout): nginx's free with NGX_PEER_FAILED. */
  fail(peer: number, nowUs: number): void {
    if (this.single) {
      this.fails[peer] = 0;
      return;
    }
    this.fails[peer] = (this.fails[peer] as number) + 1;
    this.accessed[peer] = nowUs;
    this.checked[peer] = nowUs;
    if (this.maxFails > 0) {
      const e = (this.effective[peer] as number) - Math.trunc((this.weight[peer] as number) / this.maxFails);
      this.effective[peer] = e < 0 ? 0 : e;
    }
  }

  /** A successful attempt. nginx notes no time for a success; `nowUs` is here for symmetry with `fail`. */
  succeed(peer: number, _nowUs: number): void {
    if (this.single || (this.accessed[peer] as number) < (this.checked[peer] as number)) this.fails[peer] = 0;
  }

  isMarkedDown(peer: number, nowUs: number): boolean {
    return (
      !this.single &&
      this.maxFails > 0 &&
      (this.fails[peer] as number) >= this.maxFails &&
      nowUs - (this.checked[peer] as number) <= this.failTimeoutUs
    );
  }

  /** Could this peer take a request now: weight above 0, healthy, not marked down (a sticky cookie's test)? */
  available(peer: number, nowUs: number): boolean {
    return this.down[peer] === 0 && !this.isMarkedDown(peer, nowUs);
  }

  /** How many peers passive failure has marked down at `nowUs`. */
  markedDown(nowUs: number): number {
    let count = 0;
    for (let i = 0; i < this.weight.length; i++) if (this.isMarkedDown(i, nowUs)) count++;
    return count;
  }

  /** One line for a journey: the algorithm, the weights or loads it compared, the peers it skipped. */
  explain(peer: number, nowUs: number): string {
    const n = this.weight.length;
    const skipped: string[] = [];
    for (let i = 0; i < n; i++) {
      if (this.down[i] !== 0) skipped.push(`peer ${i} down (weight 0 or health check)`);
      else if (this.isMarkedDown(i, nowUs)) {
        const left = ((this.checked[i] as number) + this.failTimeoutUs - nowUs) / 1e6;
        skipped.push(`peer ${i} marked down (${this.fails[i]} fails, ${left.toFixed(1)} s left)`);
      }
    }
    const skip = skipped.length > 0 ? `; skipped ${skipped.join(', ')}` : '';
    if (peer < 0) return `${this.algorithm}: no live upstreams among ${n} peers${skip}`;

    const usable = (i: number): boolean => this.down[i] === 0 && !this.isMarkedDown(i, nowUs);
    const list = (f: (i: number) => string): string => {
      const out: string[] = [];
      for (let i = 0; i < n; i++) if (usable(i) || i === peer) out.push(f(i));
      return out.join(' ');
    };
    if (this.single) return `${this.algorithm}: peer 0, the only peer (never marked down)${skip}`;
    if (this.algorithm === 'wrr') {
      return (
        `wrr: peer ${peer} by smooth weighted round-robin over weight/effective ` +
        `${list((i) => `${this.weight[i]}/${this.effective[i]}`)}${skip}`
      );
    }
    if (this.algorithm === 'wlc') {
      return (
        `wlc: peer ${peer} with conns/weight ${this.conns[peer]}/${this.weight[peer]}, the least of ` +
        `${list((i) => `${this.conns[i]}/${this.weight[i]}`)} (ties by smooth WRR)${skip}`
      );
    }
    return `rr: peer ${peer}, next in rotation over ${list((i) => `${i}`)}${skip}`;
  }

  private usable(i: number, nowUs: number, tried: number): boolean {
    return this.down[i] === 0 && !this.isMarkedDown(i, nowUs) && !wasTried(tried, i);
  }

  /**
   * nginx's smooth WRR with effective weights. Not SmoothWrr.pick: nginx lets a peer whose
   * effective weight fell to 0 take part (it gains nothing this round but its effective weight
   * climbs), and the climb happens inside the same pass.
   */
  private pickWrr(nowUs: number, tried: number): number {
    const { current, effective, weight } = this;
    let best = -1;
    let total = 0;
    for (let i = 0; i < weight.length; i++) {
      if (!this.usable(i, nowUs, tried)) continue;
      const e = effective[i] as number;
      current[i] = (current[i] as number) + e;
      total += e;
      if (e < (weight[i] as number)) effective[i] = e + 1;
      if (best < 0 || (current[i] as number) > (current[best] as number)) best = i;
    }
    if (best >= 0) current[best] = (current[best] as number) - total;
    return best;
  }

  /** nginx least_conn: the least conns/weight by cross-multiplication; ties by the WRR step over the tied peers only. */
  private pickLeastConn(nowUs: number, tried: number): number {
    const { conns, weight, current, effective } = this;
    let best = -1;
    let many = false;
    for (let i = 0; i < weight.length; i++) {
      if (!this.usable(i, nowUs, tried)) continue;
      if (best < 0) {
        best = i;
        continue;
      }
      const lhs = (conns[i] as number) * (weight[best] as number);
      const rhs = (conns[best] as number) * (weight[i] as number);
      if (lhs < rhs) {
        best = i;
        many = false;
      } else if (lhs === rhs) {
        many = true;
      }
    }
    if (best < 0 || !many) return best;

    const first = best;
    const firstConns = conns[first] as number;
    const firstWeight = weight[first] as number;
    let total = 0;
    for (let i = first; i < weight.length; i++) {
      if (!this.usable(i, nowUs, tried)) continue;
      if ((conns[i] as number) * firstWeight !== firstConns * (weight[i] as number)) continue;
      const e = effective[i] as number;
      current[i] = (current[i] as number) + e;
      total += e;
      if (e < (weight[i] as number)) effective[i] = e + 1;
      if ((current[i] as number) > (current[best] as number)) best = i;
    }
    current[best] = (current[best] as number) - total;
    return best;
  }

  /** Plain rotation: the next usable peer after the last one picked; weights only say usable or not. */
  private pickRotation(nowUs: number, tried: number): number {
    const n = this.weight.length;
    for (let k = 1; k <= n; k++) {
      const i = (this.cursor + k) % n;
      if (this.usable(i, nowUs, tried)) {
        this.cursor = i;
        return i;
      }
    }
    return -1;
  }
}
