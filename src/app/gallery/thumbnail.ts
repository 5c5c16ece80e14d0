import { isLayer7, type Scenario } from '../../scenario/schema';

/**
 * A scenario's topology as a small picture for the gallery: one column per tier, left to right as
 * the app's topology view reads (clients, router, LVS, Tengine if a listener is layer 7, Key
 * Server if one is HTTPS, backends, egress EIPs and NAT gateways if any), one mark per node, and
 * two zone bands when the scenario has a standby cluster. Pure data, so it is tested without a
 * page; Thumbnail.tsx draws it as SVG.
 */
export type MarkRole = 'clients' | 'router' | 'lvs' | 'tengine' | 'keyserver' | 'ecs' | 'eip' | 'nat';

export interface ThumbMark {
  role: MarkRole;
  /** What the mark stands for, shown as its tooltip: "LVS-5 (standby)", "i-ecs1". */
  label: string;
  x: number;
  y: number;
  w: number;
  h: number;
  standby: boolean;
}

export interface ThumbLink {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface ThumbText {
  x: number;
  y: number;
  text: string;
}

export interface ThumbZone {
  label: string;
  y: number;
  h: number;
}

export interface Thumbnail {
  width: number;
  height: number;
  zones: ThumbZone[];
  links: ThumbLink[];
  marks: ThumbMark[];
  /** Column captions ("LVS ×4") and "+N" for columns with more nodes than marks. */
  captions: ThumbText[];
}

export const THUMB_WIDTH = 240;
export const THUMB_HEIGHT = 120;
/** Marks drawn per column at most; more nodes than that show as "+N" (a scenario may hold 1000 backends). */
export const MAX_MARKS = 12;

const TOP = 6;
const BOTTOM = THUMB_HEIGHT - 14; // room for the captions
const SIDE = 10;
const MARK_W = 14;

interface Node {
  role: MarkRole;
  label: string;
  /** 0: the primary zone's band (or the whole height without zones); 1: the secondary zone's. */
  band: 0 | 1;
  standby: boolean;
  /** Keys (`role:label`) of the nodes this one links to (all of the previous column when undefined). */
  from?: readonly string[];
}

interface Column {
  caption: string;
  nodes: Node[];
}

export function thumbnailOf(scenario: Scenario): Thumbnail {
  const { cluster, listeners, ecsInstances, egress, clients } = scenario;
  const { MasterZoneId, SlaveZoneId } = scenario.loadBalancers[0]!;
  const zoned = cluster.standby.lvsNodes + cluster.standby.tengineNodes > 0;
  const layer7 = listeners.some((l) => isLayer7(l.ListenerProtocol));
  const layer4 = listeners.some((l) => !isLayer7(l.ListenerProtocol));
  const https = listeners.some((l) => l.ListenerProtocol === 'https');
  const bandOfZone = (zone: string | undefined): 0 | 1 => (zoned && zone !== undefined && zone === SlaveZoneId && zone !== MasterZoneId ? 1 : 0);

  const tier = (role: MarkRole, prefix: string, primary: number, standby: number): Node[] =>
    Array.from({ length: primary + standby }, (_, i) => ({ role, label: `${prefix}-${i + 1}${i >= primary ? ' (standby)' : ''}`, band: i >= primary ? 1 : 0, standby: i >= primary }));

  const lvs = tier('lvs', 'LVS', cluster.lvsNodes, cluster.standby.lvsNodes);
  const tengine = layer7 ? tier('tengine', 'Tengine', cluster.tengineNodes, cluster.standby.tengineNodes) : [];
  const keyServers = https && tengine.length > 0 ? tier('keyserver', 'Key Server', cluster.keyServers, 0) : [];
  // Layer 4 reaches the backends from LVS, layer 7 from Tengine; a scenario with both links both.
  const key = (role: MarkRole, label: string): string => `${role}:${label}`;
  const backendFrom = [...(layer4 || tengine.length === 0 ? lvs : []), ...tengine].map((n) => key(n.role, n.label));
  const backends: Node[] = ecsInstances.map((server) => ({ role: 'ecs', label: server.ServerId, band: bandOfZone(server.ZoneId), standby: false, from: backendFrom }));
  const natServers = (nat: (typeof egress.natGateways)[number]): string[] => [...nat.snatServerIds, ...nat.dnatEntries.map((d) => d.ServerId)];
  const egressNodes: Node[] = [
    ...egress.eips.map((eip): Node => ({ role: 'eip', label: `EIP ${eip.IpAddress}`, band: 0, standby: false, from: [key('ecs', eip.InstanceId)] })),
    ...egress.natGateways.map((nat): Node => ({ role: 'nat', label: `NAT ${nat.NatGatewayId}`, band: 0, standby: false, from: natServers(nat).map((id) => key('ecs', id)) })),
  ];

  const columns: Column[] = [
    { caption: 'clients', nodes: clients.map((c) => ({ role: 'clients', label: c.id, band: 0, standby: false })) },
    { caption: 'router', nodes: [{ role: 'router', label: 'ECMP router', band: 0, standby: false }] },
    { caption: `LVS ×${lvs.length}`, nodes: lvs },
    ...(tengine.length > 0 ? [{ caption: `Tengine ×${tengine.length}`, nodes: tengine }] : []),
    ...(keyServers.length > 0 ? [{ caption: 'Key Server', nodes: keyServers.map((k) => ({ ...k, from: tengine.map((t) => key(t.role, t.label)) })) }] : []),
    { caption: `ECS ×${backends.length}`, nodes: backends },
    ...(egressNodes.length > 0 ? [{ caption: 'egress', nodes: egressNodes }] : []),
  ];

  const bands: { y: number; h: number }[] = zoned
    ? [
        { y: TOP, h: (BOTTOM - TOP) / 2 - 3 },
        { y: TOP + (BOTTOM - TOP) / 2 + 3, h: (BOTTOM - TOP) / 2 - 3 },
      ]
    : [{ y: TOP, h: BOTTOM - TOP }];
  const zones: ThumbZone[] = zoned ? [{ label: MasterZoneId ?? 'primary zone', ...bands[0]! }, { label: SlaveZoneId ?? 'secondary zone', ...bands[1]! }] : [];

  const step = columns.length > 1 ? (THUMB_WIDTH - 2 * SIDE - MARK_W) / (columns.length - 1) : 0;
  const marks: ThumbMark[] = [];
  const captions: ThumbText[] = [];
  const placed = new Map<string, ThumbMark>();
  const links: ThumbLink[] = [];
  let previous: ThumbMark[] = [];
  columns.forEach((column, c) => {
    const x = SIDE + c * step;
    captions.push({ x: x + MARK_W / 2, y: THUMB_HEIGHT - 4, text: column.caption });
    const shown = column.nodes.slice(0, MAX_MARKS);
    const hidden = column.nodes.length - shown.length;
    const current: ThumbMark[] = [];
    // "+N" goes below the last band that has marks.
    const lastBand = Math.max(0, ...shown.map((n) => n.band));
    for (const band of [0, 1] as const) {
      const inBand = shown.filter((n) => n.band === band);
      if (inBand.length === 0) continue;
      const area = bands[band] ?? bands[0]!;
      const slots = inBand.length + (hidden > 0 && band === lastBand ? 1 : 0);
      const pitch = area.h / slots;
      const h = Math.max(1.5, Math.min(9, pitch - 2));
      inBand.forEach((node, i) => {
        const mark: ThumbMark = { role: node.role, label: node.label, x, y: area.y + pitch * i + (pitch - h) / 2, w: MARK_W, h, standby: node.standby };
        current.push(mark);
        marks.push(mark);
        placed.set(key(node.role, node.label), mark);
        const sources = node.from === undefined ? previous : node.from.map((k) => placed.get(k)).filter((m): m is ThumbMark => m !== undefined);
        for (const source of sources) links.push({ x1: source.x + source.w, y1: source.y + source.h / 2, x2: mark.x, y2: mark.y + mark.h / 2 });
      });
      if (hidden > 0 && band === lastBand) captions.push({ x: x + MARK_W / 2, y: area.y + pitch * inBand.length + pitch / 2 + 3, text: `+${hidden}` });
    }
    previous = current;
  });

  return { width: THUMB_WIDTH, height: THUMB_HEIGHT, zones, links, marks, captions };
}
