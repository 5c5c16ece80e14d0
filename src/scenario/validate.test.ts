import { attached, oneLoadBalancer } from './examples/shared';
import { describe, expect, it } from 'vitest';
import { CodedError } from '../shared/errors';
import { examples } from './examples';
import { parseScenario, validateScenario } from './validate';

describe('scenario validation', () => {
  it('accepts every built-in example', () => {
    for (const [name, example] of Object.entries(examples)) {
      const result = validateScenario(example);
      expect(result.ok, name).toBe(true);
    }
  });

  it('fills SLB API defaults (Scheduler wrr, EstablishedTimeout 900, Weight 100)', () => {
    const scenario = parseScenario(
      oneLoadBalancer({
        listeners: [{ ListenerPort: 80 }],
        ...attached([{ ServerId: 'i-a1', PrivateIp: '10.0.0.1' }]),
      }),
    );
    expect(scenario.listeners[0]).toMatchObject({ ListenerProtocol: 'tcp', Scheduler: 'wrr', EstablishedTimeout: 900, PersistenceTimeout: 0 });
    expect(scenario.backendServers[0]?.Weight).toBe(100);
    expect(scenario.cluster.lvsNodes).toBe(4);
  });

  it('names the field and the rule for each problem', () => {
    const result = validateScenario({
      loadBalancers: [
        {
          listeners: [
            { ListenerPort: 80, Scheduler: 'fastest' },
            { ListenerPort: 80, EstablishedTimeout: 5 },
            { ListenerProtocol: 'udp', ListenerPort: 4789 },
          ],
          backendServers: [{ ServerId: 'i-a1', Weight: 101 }],
        },
      ],
      ecsInstances: [{ ServerId: 'i-a1', PrivateIp: '10.0.0.1' }],
      clients: [{ ListenerPort: 8080 }],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const fields = result.issues.map((i) => i.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'loadBalancers.0.listeners.0.Scheduler',
        'loadBalancers.0.listeners.1.EstablishedTimeout',
        'loadBalancers.0.backendServers.0.Weight',
      ]),
    );
    // Cross-field rules run only once every field parses; check them on a clean input.
    const cross = validateScenario({
      loadBalancers: [{ listeners: [{ ListenerPort: 80 }, { ListenerPort: 80 }, { ListenerProtocol: 'udp', ListenerPort: 4789 }] }],
      clients: [{ ListenerPort: 8080 }],
    });
    expect(cross.ok).toBe(false);
    if (cross.ok) return;
    expect(cross.issues).toEqual(
      expect.arrayContaining([
        { field: 'loadBalancers.0.listeners.1.ListenerPort', message: expect.stringContaining('ListenerAlreadyExists') },
        { field: 'loadBalancers.0.listeners.2.ListenerPort', message: expect.stringContaining('4789') },
        { field: 'clients.0.ListenerPort', message: 'no listener on port 8080' },
      ]),
    );
  });

  it('parseScenario throws a CodedError listing every issue', () => {
    expect(() => parseScenario({ seed: -1 })).toThrow(CodedError);
    expect(() => parseScenario({ seed: -1 })).toThrow(/seed/);
  });
});
