import { describe, expect, it } from 'vitest';
import { attached, oneLoadBalancer } from '../scenario/examples/shared';
import { run } from '../test/engine-harness';
import { formatReport } from './report';

describe('the text report and access control', () => {
  const base = {
    listeners: [{ ListenerPort: 80, HealthCheck: 'off' as const }],
    ...attached([{ ServerId: 'i-a1', PrivateIp: '10.0.0.1' }]),
    clients: [{ ListenerPort: 80, clientIps: 16, maxRetries: 1, rtoMs: 100, arrival: { type: 'constant' as const, connectionsPerSecond: 5, stopAfterSeconds: 1 } }],
  };

  it('shows each listener with access control on and what it denied', () => {
    const { report } = run(
      oneLoadBalancer({
        ...base,
        acls: [{ AclId: 'acl-none', AclName: 'none' }],
        listeners: [{ ...base.listeners[0]!, AclStatus: 'on', AclType: 'white', AclId: 'acl-none' }],
      }),
      5,
    );
    expect(formatReport(report)).toContain('access control  tcp:80 white list acl-none: denied 5 connections (10 SYNs or datagrams dropped)');
  });

  it('says nothing about access control when no listener uses it', () => {
    expect(formatReport(run(oneLoadBalancer(base), 2).report)).not.toContain('access control');
  });
});
