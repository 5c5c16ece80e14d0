/**
 * Visual time dilation: when each packet hop is drawn, in simulated µs of the displayed clock.
 *
 * A hop inside the region takes 200 µs; at 1× that is a hundredth of an animation frame, so it
 * would never be seen. Each hop is therefore drawn for at least `minUs` (the overlay sets it to a
 * minimum on-screen time times the speed reached), and the packet's next hop waits until this one
 * has finished drawing: a hop leaving node X for connection c starts no earlier than the end of
 * the latest drawn arrival of c at X. The display of a connection so drifts behind the engine; the
 * drift is capped at `maxLagUs`, strictly: a hop is stretched only as far as the cap allows (down to
 * its own length), a wait is cut short at the cap, and gaps in the connection's traffic (think
 * time, the Internet leg) absorb the drift.
 * Hops of no connection (probes, egress, Key Server operations) are only stretched.
 *
 * This is display only: the engine, its hops and its trace are untouched.
 */
export interface DilationParams {
  /** Shortest time a hop is drawn for, in simulated µs. */
  minUs: number;
  /** Most a connection's drawing may trail its packets, in simulated µs. */
  maxLagUs: number;
}

/** Arrivals remembered per connection (latest first wins; paths are short chains). */
const NODES_PER_CONN = 6;

export class DisplayChains {
  /** Per connection: [latest end of any arrival, then (node, end) pairs, oldest first]. */
  private readonly byConn = new Map<number, number[]>();

  get connections(): number {
    return this.byConn.size;
  }

  /**
   * The display interval of one hop, written to out[at], out[at + 1]. Hops of a connection must
   * be placed in the order the engine recorded them.
   */
  place(conn: number, from: number, to: number, departUs: number, arriveUs: number, p: DilationParams, out: Float64Array, at: number): void {
    const natural = Math.max(0, arriveUs - departUs);
    if (conn <= 0) {
      out[at] = departUs;
      out[at + 1] = departUs + Math.max(natural, p.minUs);
      return;
    }
    let chain = this.byConn.get(conn);
    let start = departUs;
    if (chain) {
      for (let k = 1; k < chain.length; k += 2) if (chain[k] === from && (chain[k + 1] as number) > start) start = chain[k + 1] as number;
    }
    // The cap is hard. Waiting on another packet of the connection that is still being drawn at X
    // could otherwise compound (each wait adds that packet's own hop); a packet's own previous hop
    // always ends within the cap (its stretch is bounded by what the cap leaves), so only the
    // order between different packets of a connection gives way, and only at the cap.
    if (start > departUs + p.maxLagUs) start = departUs + p.maxLagUs;
    const lag = start - departUs;
    const stretch = Math.max(natural, Math.min(p.minUs, natural + Math.max(0, p.maxLagUs - lag)));
    const end = start + stretch;
    out[at] = start;
    out[at + 1] = end;
    if (!chain) {
      chain = [end];
      this.byConn.set(conn, chain);
    } else if (end > (chain[0] as number)) chain[0] = end;
    for (let k = 1; k < chain.length; k += 2) {
      if (chain[k] !== to) continue;
      if (end > (chain[k + 1] as number)) chain[k + 1] = end;
      return;
    }
    if (chain.length >= 1 + 2 * NODES_PER_CONN) chain.splice(1, 2);
    chain.push(to, end);
  }

  /** Forgets connections whose every drawn arrival ended before `beforeUs`. */
  prune(beforeUs: number): void {
    for (const [conn, chain] of this.byConn) if ((chain[0] as number) < beforeUs) this.byConn.delete(conn);
  }

  clear(): void {
    this.byConn.clear();
  }
}

/** Wall time over which the dilation follows the reached speed down, and up (slowly: a burst would stretch hops for long). */
const SPEED_FALL_MS = 1000;
const SPEED_RISE_MS = 3000;

/**
 * The speed the dilation is computed at: the engine's reached speed, smoothed over seconds (a
 * struggling engine's reached speed jumps from tick to tick, and a large drop restarts the feed),
 * never above the requested speed, and following a slower requested speed, or a reached speed
 * far below it, at once.
 */
export class DilationSpeed {
  value = 0;
  private lastWallMs = 0;

  update(requested: number, reached: number, playing: boolean, wallMs: number): number {
    const target = Math.min(requested, reached > 0 ? reached : requested);
    const dt = Math.max(0, wallMs - this.lastWallMs);
    this.lastWallMs = wallMs;
    // A reached speed far below (the engine cannot get near a high requested speed) is no jitter: follow it at once.
    if (this.value === 0 || requested < this.value || target * 16 < this.value) this.value = target;
    else if (playing) this.value += (target - this.value) * (1 - Math.exp(-dt / (target < this.value ? SPEED_FALL_MS : SPEED_RISE_MS)));
    return this.value;
  }
}
