import { US_PER_S } from '../../shared/units';
import { EventKind } from '../core/kinds';
import type { Simulation } from '../simulation';

/** On UDP listeners a removal or a weight set to 0 takes effect this long after it is made (DOMAIN §2.2). */
export const UDP_CHANGE_DELAY_S = 300;

/**
 * The delay SLB applies on UDP listeners before removing a backend or setting its weight to 0:
 * for five minutes the listener keeps scheduling to the backend with its previous weight and
 * forwarding its flows. TCP listeners see the change at once. A weight raised above 0 in the
 * meantime ends the grace at once.
 */
export class UdpGrace {
  private readonly udp: Uint8Array;
  private readonly untilUs: Float64Array;
  private readonly heldWeight: Int32Array;
  private readonly backends: number;

  constructor(private readonly sim: Simulation) {
    const { listeners } = sim.scenario;
    this.backends = sim.real.count;
    this.udp = Uint8Array.from(listeners, (l) => (l.ListenerProtocol === 'udp' ? 1 : 0));
    this.untilUs = new Float64Array(listeners.length * this.backends);
    this.heldWeight = new Int32Array(listeners.length * this.backends);
  }

  /**
   * Call before a backend is removed from instance i's default server group or its weight there
   * set to 0: that instance's UDP listeners hold the old weight.
   */
  begin(instance: number, backend: number): void {
    const sim = this.sim;
    const until = sim.nowUs + UDP_CHANGE_DELAY_S * US_PER_S;
    const slot = sim.servers.instanceSlot(instance, backend);
    if (sim.servers.removed[slot] === 1 || (sim.servers.weight[slot] as number) === 0) return;
    let any = false;
    for (let l = 0; l < this.udp.length; l++) {
      const k = l * this.backends + backend;
      if (this.udp[l] === 0 || sim.instances.ofListener[l] !== instance || this.holds(l, backend)) continue;
      this.untilUs[k] = until;
      this.heldWeight[k] = sim.servers.weight[slot] as number;
      any = true;
    }
    if (any) sim.push(until, EventKind.UdpGraceOver, backend, 0);
  }

  /** A weight above 0 takes effect at once on every listener of the instance. */
  cancel(instance: number, backend: number): void {
    for (let l = 0; l < this.udp.length; l++) if (this.sim.instances.ofListener[l] === instance) this.untilUs[l * this.backends + backend] = 0;
  }

  /** Whether listener l still acts on the backend's state from before the change. */
  holds(listener: number, backend: number): boolean {
    return (this.untilUs[listener * this.backends + backend] as number) > this.sim.nowUs;
  }

  /** The weight listener l schedules the backend with during the grace. */
  weight(listener: number, backend: number): number {
    return this.heldWeight[listener * this.backends + backend] as number;
  }
}
