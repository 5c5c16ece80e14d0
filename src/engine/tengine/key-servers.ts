import { US_PER_MS } from '../../shared/units';
import { LatencyHistogram } from '../metrics/latency';
import type { Simulation } from '../simulation';

/**
 * The Key Servers of Keyless SSL (DOMAIN §4): private keys live only here, and every full
 * handshake costs one Tengine ↔ Key Server round trip plus one private-key operation (an RSA
 * decryption or an ECDSA signature). Each server runs `concurrency` operations at once; more wait
 * in its queue. Tengine spreads requests round-robin over the servers that are up; a server that
 * is down refuses at once, so a handshake attempted while every server is down fails then and
 * there, and operations already queued when a server goes down still complete (the outage
 * affects exactly the handshakes attempted during it).
 */
export class KeyServers {
  readonly up: Uint8Array;
  readonly slow: Uint8Array;
  /** Per server: requests received, and how many are queued or running now (see queued()). */
  readonly requests: Float64Array;
  readonly errors: Float64Array;
  /** Round trip plus queue plus operation, as Tengine waits for it. */
  readonly latency = new LatencyHistogram();
  readonly lastFailure: (string | undefined)[];
  /** Per server, when each of its `concurrency` workers is next free (µs). */
  private readonly freeAtUs: Float64Array[];
  private next = 0;

  constructor(private readonly sim: Simulation) {
    const n = sim.topology.byKind.keyserver.length;
    this.up = new Uint8Array(n).fill(1);
    this.slow = new Uint8Array(n);
    this.requests = new Float64Array(n);
    this.errors = new Float64Array(n);
    this.lastFailure = Array.from({ length: n }, () => undefined);
    this.freeAtUs = Array.from({ length: n }, () => new Float64Array(sim.scenario.cluster.keyServer.concurrency));
  }

  get count(): number {
    return this.up.length;
  }

  /**
   * Sends one key operation from a Tengine node now; answers when the reply is back at Tengine
   * and which server did it, or undefined when no server is up (the handshake fails at once).
   */
  submit(tengineNode: number, algorithm: 'RSA' | 'ECC'): { server: number; replyUs: number } | undefined {
    const sim = this.sim;
    const n = this.up.length;
    let server = -1;
    for (let k = 0; k < n; k++) {
      const candidate = (this.next + k) % n;
      if (this.up[candidate] === 1) {
        server = candidate;
        break;
      }
    }
    if (server < 0) {
      // Counted against the server the round-robin would have used.
      const refused = this.next % Math.max(1, n);
      if (n > 0) this.errors[refused] = (this.errors[refused] as number) + 1;
      return undefined;
    }
    this.next = (server + 1) % n;
    this.requests[server] = (this.requests[server] as number) + 1;
    const settings = sim.scenario.cluster.keyServer;
    const node = sim.topology.byKind.keyserver[server] as number;
    const t = sim.topology;
    const oneWayUs = t.latencyUs[tengineNode * t.nodes.length + node] as number;
    const opUs = Math.max(1, Math.round((algorithm === 'RSA' ? settings.rsaOpMs : settings.ecdsaOpMs) * US_PER_MS * (this.slow[server] === 1 ? settings.slowFactor : 1)));
    const workers = this.freeAtUs[server]!;
    let worker = 0;
    for (let w = 1; w < workers.length; w++) if ((workers[w] as number) < (workers[worker] as number)) worker = w;
    const arriveUs = sim.nowUs + oneWayUs;
    const doneUs = Math.max(arriveUs, workers[worker] as number) + opUs;
    workers[worker] = doneUs;
    const replyUs = doneUs + oneWayUs;
    this.latency.record(replyUs - sim.nowUs);
    sim.recorder?.hop(tengineNode, node, sim.nowUs, arriveUs, 11, 0, -1);
    sim.recorder?.hop(node, tengineNode, doneUs, replyUs, 11, 0, -1);
    return { server, replyUs };
  }

  /** Operations queued or running on a server now. */
  queued(server: number): number {
    const workers = this.freeAtUs[server]!;
    let busy = 0;
    for (let w = 0; w < workers.length; w++) if ((workers[w] as number) > this.sim.nowUs) busy++;
    return busy;
  }

  setUp(server: number, up: boolean): void {
    this.sim.failover.sync();
    this.up[server] = up ? 1 : 0;
    if (up) this.slow[server] = 0;
    else this.lastFailure[server] = `down at ${(this.sim.nowUs / 1e6).toFixed(3)} s`;
  }

  setSlow(server: number): void {
    this.sim.failover.sync();
    this.slow[server] = 1;
    this.lastFailure[server] = `slow at ${(this.sim.nowUs / 1e6).toFixed(3)} s`;
  }
}
