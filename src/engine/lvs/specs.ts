/** SLB instance specifications (DOMAIN §5): limits per instance. Over any limit new connections are dropped. */
export interface SpecLimits {
  maxConnections: number;
  newConnectionsPerSecond: number;
  queriesPerSecond: number;
}

export const SPEC_LIMITS: Record<string, SpecLimits> = {
  'slb.s1.small': { maxConnections: 5_000, newConnectionsPerSecond: 3_000, queriesPerSecond: 1_000 },
  'slb.s2.small': { maxConnections: 50_000, newConnectionsPerSecond: 5_000, queriesPerSecond: 5_000 },
  'slb.s2.medium': { maxConnections: 100_000, newConnectionsPerSecond: 10_000, queriesPerSecond: 10_000 },
  'slb.s3.small': { maxConnections: 200_000, newConnectionsPerSecond: 20_000, queriesPerSecond: 20_000 },
  'slb.s3.medium': { maxConnections: 500_000, newConnectionsPerSecond: 50_000, queriesPerSecond: 30_000 },
  'slb.s3.large': { maxConnections: 1_000_000, newConnectionsPerSecond: 100_000, queriesPerSecond: 50_000 },
};
