/**
 * How the journey and event lists mark each kind of engine decision: a short glyph and a colour
 * per family (connection, LVS, sync, TLS, HTTP request, failure), and the HTTP status a line
 * reports, so a reader can scan a long layer-7 journey for its requests and their statuses.
 */

export type EventFamily = 'client' | 'lvs' | 'sync' | 'tls' | 'request' | 'upstream' | 'response' | 'failure' | 'other';

const FAMILY: Record<string, EventFamily> = {
  open: 'client',
  outcome: 'client',
  retransmit: 'client',
  'address change': 'client',
  reconnect: 'client',
  ecmp: 'lvs',
  schedule: 'lvs',
  fullnat: 'lvs',
  'session found': 'lvs',
  'syn proxy': 'lvs',
  'sync sent': 'sync',
  synced: 'sync',
  tls: 'tls',
  'tls failed': 'failure',
  request: 'request',
  upstream: 'upstream',
  retry: 'upstream',
  response: 'response',
  timeout: 'failure',
  'no backend': 'failure',
  'no live upstream': 'failure',
  'upstream failed': 'failure',
  'tengine crash': 'failure',
  'idle close': 'client',
  reset: 'failure',
  refused: 'failure',
  drop: 'failure',
};

/** Glyphs every font has (arrows and a few symbols), no emoji. */
const GLYPH: Record<string, string> = {
  open: '▶',
  outcome: '■',
  request: '→',
  upstream: '⇉',
  retry: '↻',
  response: '←',
  tls: '⚷',
  'tls failed': '✕',
  timeout: '◔',
  'no backend': '∅',
  'no live upstream': '∅',
  'upstream failed': '✕',
  'tengine crash': '✕',
  'idle close': '⏏',
  reconnect: '↺',
  reset: '✕',
  refused: '✕',
  drop: '✕',
};

export const FAMILY_CLASS: Record<EventFamily, string> = {
  client: 'bg-sky-900 text-sky-200',
  lvs: 'bg-amber-900 text-amber-200',
  sync: 'bg-violet-900 text-violet-200',
  tls: 'bg-slate-600 text-slate-100',
  request: 'bg-emerald-800 text-emerald-100',
  upstream: 'bg-teal-900 text-teal-200',
  response: 'bg-cyan-900 text-cyan-200',
  failure: 'bg-red-900 text-red-200',
  other: 'bg-slate-800 text-slate-300',
};

export function eventFamily(event: string): EventFamily {
  return FAMILY[event] ?? 'other';
}

export function eventGlyph(event: string): string {
  return GLYPH[event] ?? '•';
}

/**
 * The HTTP status a journey line reports, if any: a backend's answer (`i-x answered 200`), the
 * client receiving one (`200 for host/path after …`), or Tengine's own error page (`…: 503`).
 */
export function statusOf(event: string, reason: string): number | undefined {
  const patterns: RegExp[] = [];
  if (event === 'response') patterns.push(/ answered ([1-5]\d\d)\b/, /^([1-5]\d\d) for /);
  if (FAMILY[event] === 'failure' || event === 'request') patterns.push(/: ([1-5]\d\d)$/, / → ([1-5]\d\d) to /);
  for (const pattern of patterns) {
    const match = pattern.exec(reason);
    if (match) return Number(match[1]);
  }
  return undefined;
}

/** The colour of a status chip by class. */
export function statusClassName(status: number): string {
  if (status >= 500) return 'bg-red-700 text-red-50';
  if (status >= 400) return 'bg-yellow-700 text-yellow-50';
  if (status >= 300) return 'bg-blue-700 text-blue-50';
  return 'bg-emerald-700 text-emerald-50';
}
