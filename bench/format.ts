/** Formatting shared by the benches' tables, so both read the same way. */

export function verdict(ok: boolean): string {
  return ok ? 'ok' : 'MISSED';
}

export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/**
 * Lays out rows of [measure, value, target, note]: the value right-aligned so digits line up, the
 * other columns left-aligned, three spaces apart. Widths come from `rows` alone (not the header).
 */
export function tableLine(rows: readonly (readonly string[])[]): (row: readonly string[]) => string {
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((row) => (row[c] ?? '').length)));
  return (row) => row.map((cell, c) => (c === 1 ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0))).join('   ');
}
