import type { Scenario } from '../../scenario/schema';
import { attachedInstances, type AlignedConfig } from './align';

/**
 * What of the base scenario exists right now (docs/LAYER4.md, "Live configuration changes"):
 * which listeners are present and running, which client populations are present, which ECS
 * instances exist and are attached. Built from the scenario alone (everything present, listeners running unless their
 * Status says stopped) or from an aligned step; reconfigure() replaces the flags in place.
 */
export class LiveConfig {
  /** Per listener: 1 when it exists in the current configuration. */
  readonly listenerPresent: Uint8Array;
  /**
   * Per listener: 1 when it exists, its Status is running and the instance is active: only then
   * does LVS schedule for it and check its backends.
   */
  readonly running: Uint8Array;
  /** Per load balancer: 1 when it exists in the current configuration. */
  readonly loadBalancerPresent: Uint8Array;
  /** Per client population: 1 when it exists (its clients arrive). */
  readonly populationPresent: Uint8Array;
  /** Per ECS instance: 1 when it exists in the current configuration. */
  readonly instancePresent: Uint8Array;
  /** Per ECS instance: 1 when attached to the default server group (0: removed by configuration). */
  readonly attached: Uint8Array;
  /** The journal index of the step in force (0: the initial scenario). */
  step = 0;

  constructor(scenario: Scenario, config?: AlignedConfig) {
    const listeners = scenario.listeners.length;
    const populations = scenario.clients.length;
    const backends = scenario.ecsInstances.length;
    if (config) checkSizes(config, listeners, populations, backends);
    this.loadBalancerPresent = config ? config.loadBalancerPresent.slice() : new Uint8Array(scenario.loadBalancers.length).fill(1);
    this.listenerPresent = config ? config.listenerPresent.slice() : new Uint8Array(listeners).fill(1);
    this.populationPresent = config ? config.populationPresent.slice() : new Uint8Array(populations).fill(1);
    this.instancePresent = config ? config.instancePresent.slice() : new Uint8Array(backends).fill(1);
    this.attached = attachedInstances(scenario);
    this.running = new Uint8Array(listeners);
    this.setRunning(scenario);
    this.step = config?.index ?? 0;
  }

  /** Takes a step's flags (sizes checked against the base this simulation was built from). */
  adopt(config: AlignedConfig): void {
    checkSizes(config, this.listenerPresent.length, this.populationPresent.length, this.instancePresent.length);
    this.loadBalancerPresent.set(config.loadBalancerPresent);
    this.listenerPresent.set(config.listenerPresent);
    this.populationPresent.set(config.populationPresent);
    this.instancePresent.set(config.instancePresent);
    this.attached.set(attachedInstances(config.scenario));
    this.setRunning(config.scenario);
    this.step = config.index;
  }

  private setRunning(scenario: Scenario): void {
    // An inactive instance (SetLoadBalancerStatus) or a deleted one forwards nothing: every listener is as if stopped.
    const active = new Set(scenario.loadBalancers.filter((lb, i) => this.loadBalancerPresent[i] === 1 && lb.LoadBalancerStatus !== 'inactive').map((lb) => lb.LoadBalancerId));
    scenario.listeners.forEach((l, i) => {
      this.running[i] = active.has(l.LoadBalancerId) && this.listenerPresent[i] === 1 && l.Status === 'running' ? 1 : 0;
    });
  }
}

function checkSizes(config: AlignedConfig, listeners: number, populations: number, backends: number): void {
  const ok =
    config.listenerPresent.length === listeners &&
    config.populationPresent.length === populations &&
    config.instancePresent.length === backends &&
    config.scenario.listeners.length === listeners &&
    config.scenario.clients.length === populations &&
    config.scenario.ecsInstances.length === backends;
  if (!ok) {
    throw new Error(
      `configuration step ${config.index} is not aligned to this simulation's base (${listeners} listeners, ${populations} populations, ${backends} ECS instances): build both with alignScenarios over the same journal`,
    );
  }
}
