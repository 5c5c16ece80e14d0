/** How the cost panel writes money and bytes (the run's bill and the month estimate alike). */

export const money = (n: number): string => `$${n < 1 ? n.toFixed(6) : n.toFixed(2)}`;

export const BYTE_LABELS: Record<string, string> = {
  slbOut: 'SLB out',
  eipOut: 'EIP out',
  natOut: 'NAT out',
  publicIpOut: 'ECS public IP out',
  internal: 'internal (free)',
  inbound: 'inbound (free)',
};

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 4) return `${(bytes / 1024 ** 4).toFixed(3)} TB`;
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(3)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(2)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${Math.round(bytes)} B`;
}
