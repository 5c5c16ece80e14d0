/**
 * What the gallery (the app's Gallery dialog and `npm run sim -- examples`) says about each
 * built-in example: a title and two lines of "what to watch" that name the node, chart or tab to
 * look at and what happens there, with the scenario's own timings. The scenario's `description`
 * says what it is; this says where to look. gallery.test.ts checks that every example has an
 * entry and every entry an example, and the timings against the scenarios' faults.
 */
export interface GalleryEntry {
  title: string;
  /** Two lines: what the scenario sets up, then where to look and what happens there. */
  watch: readonly [string, string];
}

export const gallery: Readonly<Record<string, GalleryEntry>> = {
  default: {
    title: 'A typical SLB',
    watch: [
      'TCP :80 spreads 200 new connections per second over 4 ECS backends weighted 100/100/50/50.',
      'Watch Charts → Requests per backend: i-ecs1 and i-ecs2 carry twice what i-ecs3 and i-ecs4 do; click a backend to inspect it.',
    ],
  },
  'l4-basic': {
    title: 'Layer 4 under load',
    watch: [
      '2,000 new connections per second through the ECMP router to 4 LVS nodes and 4 equal backends (wrr).',
      'Watch Charts → Active connections per LVS node: the router’s hash keeps the four lines together; Requests per backend stay level.',
    ],
  },
  'l4-failover': {
    title: 'LVS crash and recovery',
    watch: [
      'At 20 s LVS-2 crashes; the router keeps sending it flows for 12 s (OSPF dead interval), then re-hashes them.',
      'Watch the Failover tab: unsynced connections are reset, synced ones continue; at 60 s LVS-2 returns empty and flows moved back to it break again.',
    ],
  },
  'l4-frankfurt': {
    title: 'Outside China: Frankfurt',
    watch: [
      'A small TCP :443 service in eu-central-1: 2 LVS nodes, 2 backends in zones eu-central-1a and eu-central-1b.',
      'Watch the Cost tab and the console card: the price region and the API follow eu-central-1, not cn-hangzhou.',
    ],
  },
  'l4-acl': {
    title: 'Access control list',
    watch: [
      'A white list on TCP :80 admits the office clients (100.0.0.0/24); the internet clients (100.16.0.0/24) are not on it.',
      'Watch Charts → Errors and resets by reason: acl_denied from about 15 s, when denied clients give up after 3 SYN retransmissions.',
    ],
  },
  'egress-billing': {
    title: 'Egress paths and their bill',
    watch: [
      'i-web1 and i-web2 call an external API through the NAT gateway, i-web3 through its own EIP; i-web4 has no egress at all.',
      'Watch the Cost tab and Charts → Bytes out by path: SLB replies, NAT and EIP traffic are billed apart; i-web4’s calls fail no_route.',
    ],
  },
  'ui-bench': {
    title: 'Renderer benchmark',
    watch: [
      'The default topology at 20,000 new connections per second: thousands of packets are in flight at once.',
      'Slow the speed down and watch the topology: every LVS → backend link streams dots while the event counter races (npm run bench:ui).',
    ],
  },
  'l7-rules': {
    title: 'Layer 7 forwarding rules',
    watch: [
      'Tengine routes api.example.com/api to rsp-api (weights 5:1:1), *.example.com/static to rsp-static, the rest to rsp-web.',
      'Watch Charts → Requests per backend: i-api1 takes five times i-api2’s share; a connection’s Journey shows the matched rule and the SERVERID cookie.',
    ],
  },
  'https-keyserver': {
    title: 'HTTPS with a Key Server outage',
    watch: [
      'HTTPS :443 with HTTP/2 ends on 2 Tengine nodes; their RSA private-key operations go to Key Server-1.',
      'Key Server-1 is down from 20 s to 30 s: watch Charts → TLS handshakes — full handshakes fail, resumed ones carry on.',
    ],
  },
  'hot-upgrade': {
    title: 'Hot upgrade of an LVS node',
    watch: [
      'At 20 s LVS-2 is taken out for an upgrade, its route withdrawn first; it is back at 40 s.',
      'Watch the Failover tab: detected at once, and most moved connections survive because their sessions were synced.',
    ],
  },
  'lvs-crash-sync-partitioned': {
    title: 'LVS crash with session sync cut',
    watch: [
      'The multicast sync link is partitioned at 5 s; LVS-2 crashes at 20 s and its route stays until 32 s.',
      'Watch the Failover tab: clients retransmit into the dead node, then nearly every moved connection breaks (failover_unsynced).',
    ],
  },
  'keyserver-outage': {
    title: 'Key Server outage',
    watch: [
      'HTTPS :443 on 2 Tengine nodes with one Key Server, Key Server-1, which is down from 10 s to 20 s.',
      'Watch the Failover tab and Charts → TLS handshakes: full handshakes fail only while it lasts; resumed ones and open connections carry on.',
    ],
  },
  'backend-failure-healthcheck': {
    title: 'Slow health checks',
    watch: [
      'Backend i-ecs1 dies at 10 s; default TCP health checks need about 19 s (5 s × 3 + 2 s × 2) to mark it down.',
      'Watch the Failover tab: new connections still go to i-ecs1 until then and break (backend_down); compare faster checks there.',
    ],
  },
  'zone-outage': {
    title: 'Zone outage and standby cluster',
    watch: [
      'cn-hangzhou-h (LVS-1 to LVS-4, i-ecs1 and i-ecs2) fails at 20 s for 60 s; LVS-5 and LVS-6 stand by in cn-hangzhou-i.',
      'Watch the Failover tab: route withdrawn at 32 s, the VIP on the standby cluster from 50 s and back at 110 s; moved flows reset.',
    ],
  },
};

/** The gallery entry of an example; a name without one gets its name as title (the test forbids that for built-ins). */
export function galleryEntry(name: string): GalleryEntry {
  return gallery[name] ?? { title: name, watch: ['', ''] };
}
