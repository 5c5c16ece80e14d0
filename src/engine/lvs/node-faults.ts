import { US_PER_S } from '../../shared/units';
import { Direction, EventKind, PacketType } from '../core/kinds';
import { Outcome } from '../metrics/outcomes';
import type { Simulation } from '../simulation';
import { ClientPhase } from '../traffic/connection-table';
import type { LvsCluster } from './cluster';

/**
 * What happens to the LVS layer when things go wrong: a node crashes (its table is lost; the
 * router keeps sending to it until the route is withdrawn) or is taken down for a hot upgrade
 * (withdrawn at once), recovers with an empty table, or a backend is removed, with or without
 * ConnectionDrain.
 */
export class LvsNodeFaults {
  constructor(
    private readonly sim: Simulation,
    private readonly lvs: LvsCluster,
  ) {}

  /** A node fails (or is taken down for a hot upgrade): its table is gone. */
  crash(i: number, planned: boolean): void {
    const { sim, lvs } = this;
    if (lvs.up[i] === 0) return;
    sim.failover.sync();
    this.lvs.up[i] = 0;
    this.lvs.restarts[i] = (this.lvs.restarts[i] as number) + 1;
    this.lvs.lastFailure[i] = `${planned ? 'taken down for upgrade' : 'crashed'} at ${(sim.nowUs / 1e6).toFixed(3)} s`;
    sim.sync.dropBuffer(i);
    lvs.templates.clearNode(i);
    for (let conn = 0; conn < sim.conns.slots; conn++) {
      if (sim.conns.serial[conn] === 0) continue;
      lvs.lifecycle.remove(conn, i);
      sim.releaseIfFinished(conn);
    }
    const delayUs = planned ? 0 : Math.round(sim.scenario.cluster.withdrawalDelayS * US_PER_S);
    if (delayUs === 0) this.onRouteWithdraw(i);
    else sim.push(sim.nowUs + delayUs, EventKind.RouteWithdraw, i, 0);
    lvs.zones.check();
  }

  onRouteWithdraw(i: number): void {
    if (this.lvs.up[i] === 0 && this.lvs.ecmp.isAnnounced(this.lvs.ids[i] as number)) {
      this.lvs.ecmp.withdraw(this.lvs.ids[i] as number);
      this.sim.failover.routeWithdrawn(i);
    }
  }

  recover(i: number): void {
    if (this.lvs.up[i] === 1) return;
    this.sim.failover.sync();
    this.lvs.up[i] = 1;
    this.lvs.restarts[i] = (this.lvs.restarts[i] as number) + 1;
    // Only the zone holding the VIP announces it; a standby node comes back silent.
    if (this.lvs.zones.holdsVip(i)) this.lvs.ecmp.announce(this.lvs.ids[i] as number);
    this.lvs.zones.check();
  }

  /**
   * A backend leaves instance i's default server group, so that instance's listeners: without
   * ConnectionDrain its packets are dropped from now on.
   */
  removeBackend(instance: number, backend: number): void {
    const sim = this.sim;
    sim.failover.sync();
    this.lvs.views.udpGrace.begin(instance, backend);
    sim.servers.removed[sim.servers.instanceSlot(instance, backend)] = 1;
    this.lvs.views.refreshWeights();
    sim.scenario.listeners.forEach((listener, l) => {
      if (sim.instances.ofListener[l] !== instance) return;
      if (listener.ListenerProtocol === 'tcp' && listener.ConnectionDrain === 'on') {
        const untilUs = sim.nowUs + listener.ConnectionDrainTimeout * US_PER_S;
        this.lvs.views.startDrain(l, backend, untilUs);
        sim.push(untilUs, EventKind.DrainExpire, backend, l);
      }
    });
  }

  /**
   * A backend is attached again (a configuration change): it is no longer removed, a drain or
   * UDP grace still running for it ends (its connections simply continue), and new connections
   * may go to it as its health checks allow (HealthChecks.reconfigure starts them afresh).
   */
  attachBackend(instance: number, backend: number): void {
    const sim = this.sim;
    this.lvs.views.udpGrace.cancel(instance, backend);
    sim.servers.removed[sim.servers.instanceSlot(instance, backend)] = 0;
    for (let l = 0; l < sim.scenario.listeners.length; l++) if (sim.instances.ofListener[l] === instance) this.lvs.views.stopDrain(l, backend);
  }

  /** ConnectionDrainTimeout is over: the backend's remaining connections on that listener are reset. */
  onDrainExpire(backend: number, listener: number): void {
    const sim = this.sim;
    const c = sim.conns;
    // Re-attached meanwhile, or removed again (a later drain ends later): nothing ends now.
    if (!this.lvs.views.drainDue(listener, backend, sim.nowUs)) return;
    this.lvs.views.stopDrain(listener, backend);
    for (let conn = 0; conn < c.slots; conn++) {
      if (c.serial[conn] === 0 || c.backend[conn] !== backend || c.listener[conn] !== listener || c.phase[conn] === ClientPhase.Done) continue;
      const node = c.lvsNode[conn] as number;
      const packet = sim.packets.allocate(conn, c.tag(conn), PacketType.Rst, Direction.ToClient, 1, 40);
      if (node >= 0) this.lvs.reset(packet, node, conn, Outcome.drain_timeout, 'ConnectionDrainTimeout over; connection terminated');
      else sim.packets.release(packet);
    }
  }
}
