// Per-folder mutation scores from a Stryker JSON report (mutation-testing-report-schema).
// `node scripts/mutation-summary.mjs [report.json] [--survivors]`
//   score   = (killed + timeout) / (killed + timeout + survived + no coverage)
//   covered = (killed + timeout) / (killed + timeout + survived)
// Ignored mutants and compile/runtime errors count in neither. --survivors lists each surviving or
// uncovered mutant as file:line  mutator  replacement.
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';

const args = process.argv.slice(2);
const listSurvivors = args.includes('--survivors');
const path = args.find((a) => !a.startsWith('--')) ?? 'reports/mutation/engine/mutation.json';
let report;
try {
  report = JSON.parse(readFileSync(path, 'utf8'));
} catch (error) {
  console.error(`No mutation report at ${path} (${error.message})`);
  process.exit(1);
}

const folders = new Map();
const survivors = [];
for (const [file, { mutants, source }] of Object.entries(report.files)) {
  const folder = dirname(file);
  const row = folders.get(folder) ?? { killed: 0, timeout: 0, survived: 0, noCoverage: 0, ignored: 0, errors: 0 };
  const lines = source.split('\n');
  for (const m of mutants) {
    switch (m.status) {
      case 'Killed':
        row.killed++;
        break;
      case 'Timeout':
        row.timeout++;
        break;
      case 'Survived':
        row.survived++;
        break;
      case 'NoCoverage':
        row.noCoverage++;
        break;
      case 'Ignored':
        row.ignored++;
        break;
      default:
        row.errors++;
    }
    if (m.status === 'Survived' || m.status === 'NoCoverage') {
      const line = m.location.start.line;
      survivors.push(
        `${file}:${line}  ${m.mutatorName}${m.status === 'NoCoverage' ? ' (no coverage)' : ''}  ${JSON.stringify(m.replacement ?? '')}  | ${(lines[line - 1] ?? '').trim().slice(0, 100)}`,
      );
    }
  }
  folders.set(folder, row);
}

const pct = (n, d) => (d === 0 ? '  n/a ' : `${((100 * n) / d).toFixed(1).padStart(5)}%`);
const header = ['folder', 'score', 'covered', 'killed', 'timeout', 'survived', 'no cov', 'ignored', 'errors'];
const rows = [...folders.entries()].sort(([a], [b]) => a.localeCompare(b));
const total = { killed: 0, timeout: 0, survived: 0, noCoverage: 0, ignored: 0, errors: 0 };
for (const [, r] of rows) for (const k of Object.keys(total)) total[k] += r[k];
const line = (name, r) => {
  const detected = r.killed + r.timeout;
  return [
    name,
    pct(detected, detected + r.survived + r.noCoverage),
    pct(detected, detected + r.survived),
    r.killed,
    r.timeout,
    r.survived,
    r.noCoverage,
    r.ignored,
    r.errors,
  ];
};
const table = [header, ...rows.map(([name, r]) => line(name, r)), line('all', total)];
const widths = header.map((_, c) => Math.max(...table.map((r) => String(r[c]).length)));
console.log(`\nMutation score per folder (${path})`);
for (const [i, r] of table.entries()) {
  console.log(r.map((cell, c) => (c === 0 ? String(cell).padEnd(widths[c]) : String(cell).padStart(widths[c]))).join('  '));
  if (i === 0 || i === table.length - 2) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
}
if (listSurvivors) {
  console.log(`\nSurviving / uncovered mutants (${survivors.length})`);
  for (const s of survivors) console.log(s);
}
