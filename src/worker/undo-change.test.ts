import { describe, expect, it } from 'vitest';
import { ok, pausedHost } from '../test/paused-host';

const S = 1_000_000;

/** A run that creates a second load balancer at 2 s, gives it a running listener, and deletes it at 6 s. */
function createdThenDeleted() {
  const host = pausedHost();
  host.runUntil(2 * S);
  const created = ok(host.api({ Action: 'CreateLoadBalancer', RegionId: 'cn-hangzhou', LoadBalancerName: 'second' }));
  const id = String(created['LoadBalancerId']);
  ok(host.api({ Action: 'CreateLoadBalancerTCPListener', LoadBalancerId: id, ListenerPort: '80', BackendServerPort: '80', Bandwidth: '-1' }));
  ok(host.api({ Action: 'StartLoadBalancerListener', LoadBalancerId: id, ListenerPort: '80' }));
  host.runUntil(6 * S);
  ok(host.api({ Action: 'DeleteLoadBalancer', LoadBalancerId: id }));
  return { host, id };
}

describe('undoing the latest change (the console Undo for DeleteLoadBalancer)', () => {
  it('takes the deletion out of the journal: the instance is back with its listener, as if never deleted', () => {
    const { host, id } = createdThenDeleted();
    host.runUntil(8 * S);
    expect(host.runScenario().journal.map((e) => e.action).at(-1)).toBe('DeleteLoadBalancer');
    const frame = host.undoLastChange('DeleteLoadBalancer');
    expect(frame.journal.entries).toBe(3);
    expect(host.runScenario().journal.map((e) => e.action)).toEqual(['CreateLoadBalancer', 'CreateLoadBalancerTCPListener', 'StartLoadBalancerListener']);
    const attribute = ok(host.api({ Action: 'DescribeLoadBalancerAttribute', LoadBalancerId: id }));
    expect(JSON.stringify(attribute['ListenerPortsAndProtocol'])).toContain('80');
    // The same as a run that never deleted it, played to the same time.
    const never = pausedHost();
    never.runUntil(2 * S);
    ok(never.api({ Action: 'CreateLoadBalancer', RegionId: 'cn-hangzhou', LoadBalancerName: 'second' }));
    ok(never.api({ Action: 'CreateLoadBalancerTCPListener', LoadBalancerId: id, ListenerPort: '80', BackendServerPort: '80', Bandwidth: '-1' }));
    ok(never.api({ Action: 'StartLoadBalancerListener', LoadBalancerId: id, ListenerPort: '80' }));
    expect(host.runUntil(10 * S).traceHash).toBe(never.runUntil(10 * S).traceHash);
  });

  it('changes nothing when the latest entry is another action', () => {
    const { host } = createdThenDeleted();
    const before = host.runScenario().journal;
    host.undoLastChange('CreateLoadBalancer');
    expect(host.runScenario().journal).toEqual(before);
  });
});
