import type { NodeKind } from '../../engine/net/topology';

/**
 * Node text sizes in flow units, and a rough estimate of a node's box from its text. The layout
 * is sized so fit lands near zoom 1 at 1440×900, so these are (nearly) the on-screen sizes: every
 * one of them is at least 13 px, which keeps text ≥ 12 px on screen down to zoom 0.93.
 */
export const LABEL_PX = 14;
export const TEXT_PX = 13;
export const LABEL_LINE = 18;
export const TEXT_LINE = 17;
/** Border and padding around the text: 1 + 8 each side, 1 + 6 top and bottom. */
export const CHROME_X = 18;
export const CHROME_Y = 14;

/** Average glyph widths (system sans): a deliberate overestimate, so a wrap is expected rather than missed. */
const LABEL_CHAR = LABEL_PX * 0.58;
const TEXT_CHAR = TEXT_PX * 0.56;

export function labelWidth(text: string): number {
  return text.length * LABEL_CHAR;
}

export function textWidth(text: string): number {
  return text.length * TEXT_CHAR;
}

/** Lines a run of words takes at a width, breaking between words (and inside a word longer than a line). */
function wrappedLines(pieces: readonly string[], width: number, widthOf: (s: string) => number, separator: string): number {
  let lines = 1;
  let used = 0;
  for (const piece of pieces) {
    const w = widthOf(piece);
    const withSep = used === 0 ? w : widthOf(separator) + w;
    if (used > 0 && used + withSep > width) {
      lines++;
      used = w;
    } else used += withSep;
    // A piece wider than a line breaks inside it.
    while (used > width) {
      lines++;
      used -= width;
    }
  }
  return lines;
}

/** Live counters of a kind with typical four-digit figures, for sizing before any frame arrives. */
const TYPICAL_COUNTERS: Partial<Record<NodeKind, string[]>> = {
  lvs: ['active 1,234', 'inactive 1,234', 'synced held 1,234'],
  ecs: ['open 1,234', '1,234 req/s', 'w 100'],
  tengine: ['req 12,345', 'conns 1,234', 'upstream 123'],
  keyserver: ['ops 12,345', 'errors 12', 'busy 4'],
};

/** The state word drawn next to a live node's label (its longest common value). */
const TYPICAL_STATE: Partial<Record<NodeKind, string>> = { lvs: '● up', ecs: '● up', tengine: '● up', keyserver: '● up' };

/** Kinds that carry live counters and so get the tier's wide width; the others are sized to their label. */
export function isWideKind(kind: NodeKind): boolean {
  return kind === 'lvs' || kind === 'sync' || kind === 'tengine' || kind === 'keyserver' || kind === 'ecs';
}

/**
 * A narrow (label-only) node's width: its label on one line when that is at most 120 wide, else
 * wrapped between words (as wide as its longest word, up to 156; a longer word breaks).
 */
export function narrowWidth(label: string): number {
  const longestWord = Math.max(...label.split(' ').map(labelWidth)) + CHROME_X;
  return Math.round(Math.max(84, Math.min(labelWidth(label) + CHROME_X, Math.min(156, Math.max(120, longestWord)))));
}

/** Estimated height of a component node at a width, before it is measured. */
export function estimateNodeHeight(kind: NodeKind, label: string, zone: string | undefined, width: number): number {
  const inner = width - CHROME_X;
  const state = TYPICAL_STATE[kind];
  const head = state ? [...label.split(' '), state] : label.split(' ');
  let height = CHROME_Y + wrappedLines(head, inner, labelWidth, ' ') * LABEL_LINE;
  if (kind === 'ecs' && zone) height += wrappedLines([zone], inner, textWidth, ' ') * TEXT_LINE;
  height += wrappedLines(TYPICAL_COUNTERS[kind] ?? [zone ?? kind], inner, textWidth, ' · ') * TEXT_LINE;
  return Math.ceil(height);
}

/** Estimated height of a collapsed group: its name, zone, aggregate state and counters, and the expand hint. */
export function estimateGroupHeight(kind: NodeKind, label: string, zone: string | undefined, width: number, expanded: boolean): number {
  const inner = width - CHROME_X;
  let height = CHROME_Y + wrappedLines(label.split(' '), inner, labelWidth, ' ') * LABEL_LINE;
  if (expanded) return height + TEXT_LINE;
  if (zone) height += wrappedLines([zone], inner, textWidth, ' ') * TEXT_LINE;
  height += wrappedLines(['12 up', '12 down'], inner, textWidth, ' · ') * TEXT_LINE;
  height += wrappedLines(TYPICAL_COUNTERS[kind] ?? [kind], inner, textWidth, ' · ') * TEXT_LINE;
  return Math.ceil(height + TEXT_LINE);
}
